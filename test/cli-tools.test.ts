// The `carecircles` command as an operator uses it: real processes on a real data directory.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { recordAccess } from '../src/platform/access-log.ts';
import { backup, fingerprint } from '../src/platform/backup.ts';
import { Checkpoints } from '../src/platform/checkpoints.ts';
import { auditedCoop, reseal, SECRET_NOTE } from '../src/platform/backup-test-support.ts';
import { FakeClock } from '../src/platform/clock.ts';
import { migrate, openDatabase } from '../src/platform/db.ts';
import { migratedDataDir } from './support/db.ts';
import { mainArgs, projectRoot } from './support/main-process.ts';

// PGlite, the database these tests also open in-process to damage what the command then checks
// (the default, the embedded PostgreSQL, has its own test: test/embedded-postgres.test.ts).
const cli = (dataDir: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, mainArgs(...args), {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DEMO: 'false', DATABASE_URL: '', DATABASE: 'pglite', ...env },
    timeout: 120_000,
  });

function serve(dataDir: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, mainArgs('serve'), {
    cwd: projectRoot,
    env: { ...process.env, DATA_DIR: dataDir, DEMO: 'false', DATABASE_URL: '', DATABASE: 'pglite', PORT: '0' },
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    child.stdout?.on('data', () => {
      if (out.includes('is running at')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
  });
}

describe('carecircles command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-cli-'));

  test('bad configuration stops with one line naming the variable', () => {
    const r = cli(join(dir, 'unused'), ['migrate'], { PORT: 'abc' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr.trim(), /^Configuration error: PORT /);
  });

  test('migrate, create-admin, token create, verify-audit; a tampered access log fails the audit', async () => {
    const data = join(dir, 'a');
    assert.equal(cli(data, ['migrate']).status, 0);
    const admin = cli(data, ['create-admin', '--email', 'ops@example.org', '--name', 'Ops Person'], { ADMIN_PASSWORD: 'a long admin password' });
    assert.equal(admin.status, 0, admin.stderr);
    const token = cli(data, ['token', 'create', '--email', 'ops@example.org']);
    assert.match(token.stdout.trim(), /^cc_[A-Za-z0-9_-]{20,}$/);
    assert.equal(cli(data, ['verify-audit']).status, 0);

    const database = await openDatabase({ dataDir: data });
    for (let i = 0; i < 3; i++) {
      await database.db.transaction((tx) => recordAccess(tx, new Date(), { actorId: null, recordType: 'care-note', recordId: `n${i}`, ownerId: null, reason: 'team member' }));
    }
    await database.query('ALTER TABLE access_log DISABLE TRIGGER access_log_append_only');
    await database.query(`UPDATE access_log SET reason = 'curious' WHERE seq = 2`);
    await database.close();
    const audit = cli(data, ['verify-audit']);
    assert.notEqual(audit.status, 0);
    assert.match(audit.stderr, /row 2 was altered/);
  });

  test('backup then restore into an empty directory gives identical data', async () => {
    const source = join(dir, 'b');
    migratedDataDir(source);
    assert.equal(cli(source, ['seed', '--demo']).status, 0);
    const file = join(dir, 'backup.jsonl');
    const backedUp = cli(source, ['backup', file]);
    assert.equal(backedUp.status, 0, backedUp.stderr);
    const target = join(dir, 'c');
    const restored = cli(target, ['restore', file]);
    assert.equal(restored.status, 0, restored.stderr);
    assert.notEqual(cli(target, ['restore', file]).status, 0, 'restoring into a database with data is refused');
    const a = await openDatabase({ dataDir: source });
    const b = await openDatabase({ dataDir: target });
    assert.deepEqual(await fingerprint(b), await fingerprint(a));
    await a.close();
    await b.close();
    assert.equal(cli(target, ['verify-audit']).status, 0);
  });

  test('backup --verify says OK with the counts; a damaged file is refused by --verify and restore in one line that shows no row', async () => {
    const source = join(dir, 'e');
    migratedDataDir(source);
    const database = await openDatabase({ dataDir: source });
    await migrate(database);
    const { passwordHash } = await auditedCoop({ database, clock: new FakeClock(new Date('2026-11-20T12:00:00Z')) });
    const file = join(dir, 'audited.jsonl');
    await backup(database, file, undefined, { checkpoints: new Checkpoints(source) });
    await database.close();
    const verified = cli(source, ['backup', '--verify', file]);
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, /^OK: .* is a whole Care Circles backup of \S+ \(pglite, schema \d{4}_\w+\): \d+ rows in \d+ tables, \d+ sequences\.\n/);
    assert.match(verified.stdout, /\n {2}care_log_versions +\d+\n/);

    const lines = readFileSync(file, 'utf8').split('\n');
    // The note's words are sealed (ADR 0024): one character of its ciphertext is changed.
    const note = lines.findIndex((l, i) => i > 0 && lines[i - 1]?.startsWith('{"table":"care_note_versions"') === true);
    assert.ok(!readFileSync(file, 'utf8').includes(SECRET_NOTE), 'the backup holds no note text');
    const damaged = join(dir, 'damaged.jsonl');
    writeFileSync(damaged, lines.map((l, i) => (i === note ? l.replace('"text": "v1:', '"text": "v1:0') : l)).join('\n'));
    const checked = cli(source, ['backup', '--verify', damaged]);
    assert.equal(checked.status, 1);
    assert.equal(checked.stderr, 'Backup refused: table care_note_versions: its checksum does not match the trailer (a row was changed, moved or replaced).\n');
    const target = join(dir, 'f');
    migratedDataDir(target);
    const refused = cli(target, ['restore', damaged]);
    assert.equal(refused.status, 1);
    assert.equal(refused.stderr, 'Restore refused: table care_note_versions: its checksum does not match the trailer (a row was changed, moved or replaced).\n');
    // A file whole by its checks whose rows the database refuses: named by table and key.
    const person = lines.findIndex((l) => l.includes(passwordHash));
    writeFileSync(damaged, reseal(lines.flatMap((l, i) => (i === person ? [l, l] : [l]))));
    const twice = cli(target, ['restore', damaged]);
    assert.equal(twice.status, 1);
    assert.match(twice.stderr, /^Restore refused: table people, line \d+ \(id [0-9a-f-]{36}\): the database refused it \([^)]*\)\. Nothing was restored\.\n$/);
    assert.ok(!twice.stderr.includes(passwordHash) && !twice.stderr.includes(SECRET_NOTE));
  });

  test('verify-audit after the newest 1, then 3 access-log rows are deleted: named as missing after its checkpoint', async () => {
    const data = join(dir, 'g');
    migratedDataDir(data);
    const database = await openDatabase({ dataDir: data });
    await migrate(database);
    for (let i = 0; i < 5; i++) {
      await database.db.transaction((tx) => recordAccess(tx, new Date(), { actorId: null, recordType: 'care-note', recordId: `n${i}`, ownerId: null, reason: 'team member' }));
    }
    await database.close();
    const passed = cli(data, ['verify-audit']);
    assert.equal(passed.status, 0, passed.stderr);
    assert.match(passed.stdout, /Checkpoint written to .*audit-checkpoints\.jsonl/);
    const remove = async (n: number) => {
      const again = await openDatabase({ dataDir: data });
      await again.query('ALTER TABLE access_log DISABLE TRIGGER access_log_append_only');
      await again.query(`DELETE FROM access_log WHERE seq > ${5 - n}`);
      await again.close();
    };
    await remove(1);
    const one = cli(data, ['verify-audit']);
    assert.equal(one.status, 1);
    assert.match(one.stderr, /^Audit FAILED: access log: 1 row missing after the checkpoint of \d{4}-\d\d-\d\d \d\d:\d\d UTC \(head [0-9a-f]{12}…, row 5\)\.$/m);
    await remove(3);
    assert.match(cli(data, ['verify-audit']).stderr, /^Audit FAILED: access log: 3 rows missing after the checkpoint of .* \(head [0-9a-f]{12}…, row 5\)\.$/m);
  });

  test('a second server on the same data directory stops at once; SIGTERM closes cleanly', async () => {
    const data = join(dir, 'd');
    migratedDataDir(data);
    const first = await serve(data);
    const second = cli(data, ['serve']);
    assert.notEqual(second.status, 0);
    assert.match(second.stderr, /already in use by another Care Circles process/);
    const exited = new Promise<number | null>((resolve) => first.child.on('exit', (code) => resolve(code)));
    first.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(existsSync(join(data, 'carecircles.lock')), false);
    const again = await serve(data);
    const closed = new Promise((resolve) => again.child.on('exit', resolve));
    again.child.kill('SIGINT');
    await closed;
  });
});
