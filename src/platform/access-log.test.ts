import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../../test/support/db.ts';
import { recordAccess, recordAccesses, verifyAccessLog } from './access-log.ts';
import { systemClock } from './clock.ts';
import { read } from './context.ts';
import { newId } from './ids.ts';

const entry = (recordId: string) => ({ actorId: null, recordType: 'care-note', recordId, ownerId: null, reason: 'team member' });

describeEachDatabase('access log', (db) => {
  test('an intact chain passes; an altered or removed row is named', async () => {
    const database = db();
    for (let i = 0; i < 5; i++) {
      await database.db.transaction((tx) =>
        recordAccess(tx, new Date(Date.UTC(2026, 0, 1, 9, i)), {
          actorId: null,
          recordType: 'care-note',
          recordId: `note-${i}`,
          ownerId: null,
          reason: 'team member',
        }),
      );
    }
    assert.equal(await verifyAccessLog(database), null);

    await assert.rejects(database.query(`UPDATE access_log SET reason = 'x' WHERE seq = 3`), /append-only/);

    // Someone with direct database access turns the guard off and edits a row.
    await database.query('ALTER TABLE access_log DISABLE TRIGGER access_log_append_only');
    await database.query(`UPDATE access_log SET reason = 'regulator' WHERE seq = 3`);
    const altered = await verifyAccessLog(database);
    assert.equal(altered?.seq, 3);
    assert.match(altered?.problem ?? '', /altered/);

    await database.query(`UPDATE access_log SET reason = 'team member' WHERE seq = 3`);
    assert.equal(await verifyAccessLog(database), null);
    await database.query('DELETE FROM access_log WHERE seq = 2');
    const removed = await verifyAccessLog(database);
    assert.equal(removed?.seq, 2);
    assert.match(removed?.problem ?? '', /missing/);
  });
});

// A database of their own: the test above leaves its chain broken on purpose.
describeEachDatabase('access log written by requests', (db) => {
  test('a read logged by a request holds the chain only while it commits: a second request is not kept waiting for the first to finish', async (t) => {
    const database = db();
    if (database.dump) return t.skip('PGlite runs one transaction at a time');
    const deps = { database, clock: systemClock };
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstLogged!: () => void;
    const logged = new Promise<void>((resolve) => (firstLogged = resolve));
    // The first request logs its read, then goes on with the rest of its page for a while.
    const first = read(deps, null, async (ctx) => {
      await recordAccess(ctx.tx, ctx.now, entry('slow-page'));
      firstLogged();
      await held;
    }, {});
    await logged;
    // A second request logs a read and finishes while the first is still reading.
    const second = read(deps, null, (ctx) => recordAccess(ctx.tx, ctx.now, entry('quick-page')), {});
    const finished = await Promise.race([second.then(() => 'second finished'), new Promise((r) => setTimeout(() => r('second waited'), 10_000))]);
    release();
    await first;
    await second;
    assert.equal(finished, 'second finished');
    // Both reads are in the chain, each once, the one that committed first first.
    const rows = await database.query<{ record_id: string }>('SELECT record_id FROM access_log ORDER BY seq');
    assert.deepEqual(rows.map((r) => r.record_id), ['quick-page', 'slow-page']);
    assert.equal(await verifyAccessLog(database), null);
  });

  test('a read logged by a request that then fails is not in the log, and the chain stays whole', async () => {
    const database = db();
    const deps = { database, clock: systemClock };
    await assert.rejects(read(deps, null, async (ctx) => {
      await recordAccess(ctx.tx, ctx.now, entry('never-shown'));
      throw new Error('the page failed after its read');
    }, {}), /page failed/);
    await read(deps, null, (ctx) => recordAccess(ctx.tx, ctx.now, entry('shown')), {});
    const rows = await database.query<{ record_id: string }>(`SELECT record_id FROM access_log WHERE record_id IN ('never-shown', 'shown')`);
    assert.deepEqual(rows, [{ record_id: 'shown' }]);
    assert.equal(await verifyAccessLog(database), null);
  });
});


// The database hashes each row (migration 0048) as hashEntry does in Node: the two must agree on
// every character a reason or a record id can hold, or verifyAccessLog would call a true row altered.
describeEachDatabase('access log hashed by the database', (db) => {
  test('rows holding quotes, backslashes, control characters, accents and emoji verify in Node', async () => {
    const database = db();
    const awkward = ['"quoted" \\ back\\slash', 'tab\there\nnewline\r\b\f', 'control \u0001\u001f\u007f', 'Zoë Ó Súilleabháin, 李, 🙂', '\u2028\u2029 </script>', ''];
    const at = new Date(Date.UTC(2026, 11, 4, 9, 30, 15, 7));
    await database.db.transaction((tx) => recordAccesses(tx, at, awkward.map((text, i) => ({
      actorId: i % 2 ? null : newId(), recordType: `type ${text}`, recordId: text, ownerId: i % 3 ? newId() : null, reason: text,
    }))));
    const rows = await database.query<{ record_id: string; at: Date }>('SELECT record_id, at FROM access_log ORDER BY seq');
    assert.deepEqual(rows.map((r) => r.record_id), awkward);
    assert.equal(new Date(rows[0]?.at as Date).toISOString(), at.toISOString());
    assert.equal(await verifyAccessLog(database), null);
  });

  test('many requests appending at once make one chain: every row once, numbered without a gap, each after the one before', async () => {
    const database = db();
    const deps = { database, clock: systemClock };
    await Promise.all(Array.from({ length: 24 }, (_, i) => read(deps, null, (ctx) => recordAccesses(ctx.tx, ctx.now, [entry(`burst-${i}-a`), entry(`burst-${i}-b`)]), {})));
    const rows = await database.query<{ seq: string; record_id: string }>(`SELECT seq, record_id FROM access_log WHERE record_id LIKE 'burst-%' ORDER BY seq`);
    assert.equal(rows.length, 48);
    assert.equal(new Set(rows.map((r) => r.record_id)).size, 48);
    // A request's reads stay together and in order.
    for (let i = 0; i < rows.length; i += 2) assert.equal(rows[i]?.record_id.replace(/-a$/, '-b'), rows[i + 1]?.record_id);
    assert.equal(await verifyAccessLog(database), null);
  });
});
