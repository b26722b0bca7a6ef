import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../../test/support/db.ts';
import { recordAccess, verifyAccessLog } from './access-log.ts';

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
