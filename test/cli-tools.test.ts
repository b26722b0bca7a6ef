// The `carecircles` command as an operator uses it: real processes on a real data directory.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { recordAccess } from '../src/platform/access-log.ts';
import { fingerprint } from '../src/platform/backup.ts';
import { openDatabase } from '../src/platform/db.ts';

const root = join(import.meta.dirname, '..');
const cli = (dataDir: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DEMO: 'false', DATABASE_URL: '', ...env },
    timeout: 120_000,
  });

function serve(dataDir: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, DEMO: 'false', DATABASE_URL: '', PORT: '0' },
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

  test('a second server on the same data directory stops at once; SIGTERM closes cleanly', async () => {
    const data = join(dir, 'd');
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
