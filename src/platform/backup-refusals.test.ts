// A backup must prove itself before anything is loaded: every damaged file is refused with one
// line naming what is wrong, the target database stays empty, and no refusal prints a row.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { describeEachDatabase, freshDatabase } from '../../test/support/db.ts';
import { backup, BackupRefused, checkBackupFile, fingerprint, restore } from './backup.ts';
import { tablesWithRows } from './backup-tables.ts';
import { auditedCoop, reseal, SECRET_NOTE } from './backup-test-support.ts';
import { Checkpoints, compareWithCheckpoints, readHeads } from './checkpoints.ts';
import { FakeClock } from './clock.ts';
import type { Database } from './db.ts';
import { enqueue } from './jobs.ts';

/** A small seeded generator, so a failing case can be found again. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

describeEachDatabase('backups that prove themselves', (db, kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-backup-refusals-'));
  const file = join(dir, 'good.jsonl');
  let lines: string[] = [];
  let passwordHash = '';
  let target: Database;

  before(async () => {
    const deps = { database: db(), clock: new FakeClock(new Date('2026-11-20T12:00:00Z')) };
    ({ passwordHash } = await auditedCoop(deps));
    await backup(db(), file, undefined, { checkpoints: new Checkpoints(join(dir, 'source-data')) });
    lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    target = await freshDatabase(kind);
  });
  after(async () => {
    await target?.close();
  });

  /** Refused with one line, nothing loaded, nothing of a row printed. */
  async function refused(name: string, text: string, expected?: RegExp): Promise<string> {
    const damaged = join(dir, 'damaged.jsonl');
    writeFileSync(damaged, text);
    let message = '';
    await assert.rejects(restore(target, damaged), (error) => {
      assert.ok(error instanceof BackupRefused, `${name}: ${String(error)}`);
      message = error.message;
      return true;
    });
    assert.doesNotMatch(message, /\n/, `${name}: one line`);
    if (expected) assert.match(message, expected, name);
    assert.ok(!message.includes(passwordHash) && !message.includes(SECRET_NOTE), `${name}: the refusal shows a row`);
    return message;
  }

  // A refused restore loads nothing that stays: checked after each group of cases (a row left
  // by any case in the group would still be there).
  afterEach(async () => {
    assert.deepEqual(await tablesWithRows(target), [], 'the target is left empty');
  });

  const join_ = (ls: string[]) => `${ls.join('\n')}\n`;
  const rowIndexes = () => lines.flatMap((l, i) => (l.startsWith('{"r":') ? [i] : []));

  test('the backup is written whole: header, tables, sequences, checkpoint, trailer; no partial file left; --verify counts', async () => {
    const header = JSON.parse(lines[0] as string);
    assert.equal(header.version, 3);
    assert.equal(header.source, kind);
    assert.match(header.schema, /^\d{4}_/);
    assert.match(lines.at(-1) as string, /^\{"end":true,/);
    assert.equal(lines.filter((l) => l.startsWith('{"checkpoint":')).length, 1);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial-')), []);
    const { trailer } = await checkBackupFile(file);
    const [people] = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM people');
    assert.equal(trailer.tables.people?.rows, people?.n);
  });

  test('a good file restores exactly, its checkpoint with it', async () => {
    const copy = await freshDatabase(kind);
    const store = new Checkpoints(join(dir, 'restored-data'));
    try {
      await restore(copy, file, undefined, { checkpoints: store });
      assert.deepEqual(await fingerprint(copy), await fingerprint(db()));
      const { checkpoints, problems } = store.read();
      assert.deepEqual(problems, []);
      assert.equal(checkpoints[0]?.by, 'restore');
      assert.deepEqual(await compareWithCheckpoints(copy.db, checkpoints, await readHeads(copy.db)), []);
    } finally {
      await copy.close();
    }
  });

  test('empty, header-only, old-format and unreadable files are refused', async () => {
    await refused('empty', '', /the file is empty/);
    await refused('header only', join_(lines.slice(0, 1)), /ends at line 1 without its trailer: it was cut short/);
    await refused('format 2', join_([JSON.stringify({ format: 'carecircles-backup', version: 2 }), ...lines.slice(1)]), /format 2, which has no trailer/);
    await refused('not a backup', 'hello\n', /line 1 is not the header/);
    await assert.rejects(restore(target, join(dir, 'absent.jsonl')), /absent\.jsonl can not be read \(ENOENT\)/);
  });

  test('a file cut at every table boundary, at random lines and mid-line is refused as cut short', async () => {
    const boundaries = lines.flatMap((l, i) => (/^\{"(table|sequence|checkpoint|end)":/.test(l) ? [i] : []));
    const next = random(18);
    const cuts = [...boundaries, ...Array.from({ length: 25 }, () => 1 + next(lines.length - 1))];
    for (const cut of cuts) await refused(`cut before line ${cut + 1}`, join_(lines.slice(0, cut)), /cut short/);
    const text = join_(lines);
    for (let i = 0; i < 10; i++) {
      const at = 1 + next(text.length - 2);
      await refused(`cut at byte ${at}`, text.slice(0, at), /cut short|is damaged|rows, the trailer says|checksum|not in the trailer|missing from the file/);
    }
  });

  test('a row removed, changed, duplicated or moved is refused naming its table and check', async () => {
    const next = random(7);
    const rows = rowIndexes();
    const tableOf = (i: number) => JSON.parse(lines.slice(0, i).reverse().find((l) => l.startsWith('{"table":')) as string).table as string;
    for (let k = 0; k < 12; k++) {
      const i = rows[next(rows.length)] as number;
      const t = tableOf(i);
      await refused(`row line ${i + 1} removed`, join_(lines.filter((_, j) => j !== i)), new RegExp(`table ${t} has \\d+ rows, the trailer says`));
      await refused(`row line ${i + 1} duplicated`, join_(lines.flatMap((l, j) => (j === i ? [l, l] : [l]))), new RegExp(`table ${t} has \\d+ rows, the trailer says`));
      const line = lines[i] as string;
      const at = 6 + next(line.length - 8);
      const changed = `${line.slice(0, at)}${line[at] === '7' ? '8' : '7'}${line.slice(at + 1)}`;
      await refused(`row line ${i + 1} changed`, join_(lines.map((l, j) => (j === i ? changed : l))), new RegExp(`table ${t}: its checksum does not match`));
    }
    const pair = rows.find((i) => rows.includes(i + 1) && lines[i] !== lines[i + 1]) as number;
    const swapped = [...lines];
    [swapped[pair], swapped[pair + 1]] = [swapped[pair + 1] as string, swapped[pair] as string];
    await refused('two rows swapped', join_(swapped), /checksum does not match/);
  });

  test('the header, a table line, a sequence, the checkpoint or the trailer removed, changed or duplicated is refused', async () => {
    const find = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    const edit = (i: number, line: string | null) => join_(lines.flatMap((l, j) => (j === i ? (line === null ? [] : [line]) : [l])));
    const twice = (i: number) => join_(lines.flatMap((l, j) => (j === i ? [l, l] : [l])));
    const people = lines.indexOf(lines.find((l) => l.startsWith('{"table":"people"')) as string);
    const sequence = lines.findIndex((l) => /^\{"sequence":.*"value":"\d/.test(l));
    const checkpoint = find('{"checkpoint":');
    const end = lines.length - 1;
    await refused('header removed', edit(0, null), /line 1 is not the header/);
    await refused('header changed', edit(0, (lines[0] as string).replace(/"snapshotAt":"\d/, '"snapshotAt":"1')), /file's hash does not match/);
    await refused('header duplicated', twice(0), /line 2 is not a backup record/);
    await refused('table line removed', edit(people, null), /table people is missing from the file|row outside any table/);
    await refused('table line duplicated', twice(people), /table people appears twice/);
    await refused('table columns changed', edit(people, (lines[people] as string).replace('"email"', '"e_mail"')), /table people: its checksum does not match/);
    await refused('sequence removed', edit(sequence, null), /sequences, the trailer says/);
    await refused('sequence duplicated', twice(sequence), /sequences, the trailer says/);
    await refused('sequence changed', edit(sequence, (lines[sequence] as string).replace(/"value":"(\d)/, '"value":"9$1')), /file's hash does not match/);
    await refused('checkpoint removed', edit(checkpoint, null), /file's hash does not match/);
    await refused('checkpoint duplicated', twice(checkpoint), /a second checkpoint/);
    await refused('checkpoint changed', edit(checkpoint, (lines[checkpoint] as string).replace(/"seq":(\d)/, '"seq":9$1')), /file's hash does not match/);
    await refused('trailer removed', edit(end, null), /cut short/);
    await refused('trailer duplicated', twice(end), /comes after the trailer/);
    await refused('trailer count changed', edit(end, (lines[end] as string).replace(/"people":\{"rows":(\d+)/, (_, n) => `"people":{"rows":${Number(n) + 1}`)), /table people has \d+ rows, the trailer says/);
    await refused('a line in the middle damaged', edit(people, '{"table":"peo'), /line \d+ is damaged/);
  });

  test('a file whole by its checks but refused by the database names the table and the key, never the row', async () => {
    const person = lines.findIndex((l) => l.includes(passwordHash));
    const dupPerson = await refused('a person twice', reseal(lines.flatMap((l, j) => (j === person ? [l, l] : [l]))), /^table people, line \d+ \(id [0-9a-f-]{36}\): the database refused it \(a row with the same key is already there, constraint people_\w+\)/);
    assert.match(dupPerson, /Nothing was restored/);
    // The note's words are sealed (ADR 0024): its row is the first of its table.
    const version = lines.findIndex((l, j) => j > 0 && lines[j - 1]?.startsWith('{"table":"care_note_versions"') === true);
    assert.ok(version > 0 && lines[version]?.startsWith('{"r":'), 'the note is in the backup');
    await refused('a note version twice', reseal(lines.flatMap((l, j) => (j === version ? [l, l] : [l]))), /^table care_note_versions, line \d+ \(note_id [0-9a-f-]{36}, version 1\)/);
    const entry = lines.findIndex((l, j) => j > lines.findIndex((x) => x.startsWith('{"table":"credit_entries"')) && l.startsWith('{"r":'));
    await refused('a ledger entry removed', reseal(lines.filter((_, j) => j !== entry)), /the database refused it \(/);
  });

  test('a database with a row in any table is refused, not only one with people', async () => {
    await target.db.transaction((tx) => enqueue(tx, { kind: 'test.nothing', runAt: new Date() }));
    await assert.rejects(restore(target, file), /^BackupRefused: the database is not empty: jobs hold rows|the database is not empty: jobs hold rows\. Restore needs an empty database/);
    await target.query('DELETE FROM jobs');
    assert.deepEqual(await tablesWithRows(target), []);
  });

  test('a backup that fails leaves the file that was there and no partial file', async () => {
    const old = join(dir, 'old.jsonl');
    writeFileSync(old, 'the previous backup\n');
    const broken = { ...db(), db: { ...db().db, transaction: () => Promise.reject(new Error('the database went away')) } } as unknown as Database;
    await assert.rejects(backup(broken, old), /went away/);
    assert.equal(readFileSync(old, 'utf8'), 'the previous backup\n');
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial-')), []);
    assert.ok(existsSync(old));
  });
});
