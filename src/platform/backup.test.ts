import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { describeEachDemoDatabase, freshDatabase } from '../../test/support/db.ts';
import { recordAccess, verifyAccessLog } from './access-log.ts';
import { backup, fingerprint, restore } from './backup.ts';
import { reseal } from './backup-test-support.ts';
import { FakeClock } from './clock.ts';
import type { Database } from './db.ts';

const sequences = (database: Database) =>
  database.query<{ name: string; value: string | null }>("SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1");

describeEachDemoDatabase('backup and restore', (db, kind) => {
  let file = '';

  test('a restored copy of the demo co-op is identical, sequences included, and its access log verifies', async () => {
    const source = db();
    const clock = new FakeClock();
    await source.db.transaction((tx) => recordAccess(tx, clock.now(), { actorId: null, recordType: 'profile-essentials', recordId: 'x', ownerId: null, reason: 'team member' }));
    // A sequence ahead of its rows (numbers taken by transactions that rolled back) comes back where it was.
    await source.query("SELECT nextval('events_seq_seq') FROM generate_series(1, 3)");
    file = join(mkdtempSync(join(tmpdir(), 'cc-backup-')), 'copy.jsonl');
    const { rows } = await backup(source, file);
    assert.ok(rows > 50);
    const target = await freshDatabase(kind);
    try {
      await restore(target, file);
      assert.deepEqual(await fingerprint(target), await fingerprint(source));
      assert.deepEqual(await sequences(target), await sequences(source));
      // The derived tables are not in the file: the restore's own inserts wrote them again, the same.
      const links = (d: typeof source) => d.query('SELECT to_jsonb(l)::text AS row FROM circle_links l ORDER BY 1');
      assert.ok((await links(source)).length > 0, 'the demo has links');
      assert.deepEqual(await links(target), await links(source));
      assert.equal(await verifyAccessLog(target), null);
      const before = await fingerprint(target);
      await assert.rejects(restore(target, file), /the database is not empty: .*Restore needs an empty database/);
      assert.deepEqual(await fingerprint(target), before, 'a refused restore changes nothing');
    } finally {
      await target.close();
    }
  });

  test('rows that point at rows of their own table restore in any order; a backup without its sequences moves them past the rows', async () => {
    // Each table's rows reversed, so a child comes before its parent circle, a correction
    // before the log it corrects, a reversal before its transfer; one row per INSERT. The file
    // is sealed again (a new trailer): reordered rows are otherwise refused, as they should be.
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('{"sequence"') && !l.startsWith('{"end"'));
    const reordered: string[] = [lines[0] as string];
    let rows: string[] = [];
    for (const line of [...lines.slice(1), '{"table":"end"}']) {
      if (line.startsWith('{"r":')) rows.push(line);
      else {
        reordered.push(...rows.reverse());
        rows = [];
        if (line !== '{"table":"end"}') reordered.push(line);
      }
    }
    const old = `${file}.reordered`;
    writeFileSync(old, reseal(reordered));
    const target = await freshDatabase(kind);
    try {
      await restore(target, old, undefined, { batchRows: 1 });
      assert.deepEqual(await fingerprint(target), await fingerprint(db()));
      const [events] = await target.query<{ next: string; max: string }>("SELECT nextval('events_seq_seq')::text AS next, (SELECT max(seq) + 1 FROM events)::text AS max");
      assert.equal(events?.next, events?.max, 'without its sequences, a backup moves them past the rows');
    } finally {
      await target.close();
    }
  });
});
