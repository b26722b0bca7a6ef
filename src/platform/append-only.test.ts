import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../../test/support/db.ts';

/** Tables whose rows are never removed: the ones with an append-only or kept trigger (0001, 0008, 0020). */
const KEPT = ['events', 'access_log', 'credit_transfers', 'credit_entries', 'pool_allowances', 'credit_accounts', 'care_log_versions', 'care_note_versions', 'care_logs', 'care_notes'];

describeEachDatabase('append-only tables refuse TRUNCATE', (db) => {
  test('every table with an append-only or kept trigger has a TRUNCATE trigger too', async () => {
    const rows = await db().query<{ table: string; truncate: boolean }>(
      `SELECT c.relname AS table, bool_or((t.tgtype & 32) <> 0) AS truncate
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE p.proname = 'refuse_change' AND NOT t.tgisinternal GROUP BY c.relname ORDER BY 1`,
    );
    assert.deepEqual(rows.map((r) => r.table), [...KEPT].sort());
    assert.deepEqual(rows.filter((r) => !r.truncate).map((r) => r.table), [], 'tables that still allow TRUNCATE');
  });

  for (const table of KEPT) {
    test(`TRUNCATE ${table} is refused, with CASCADE too`, async () => {
      // A table others point at is refused by its foreign keys first; CASCADE reaches the trigger.
      await assert.rejects(db().query(`TRUNCATE ${table}`), new RegExp(`${table} is append-only|referenced in a foreign key`));
      await assert.rejects(db().query(`TRUNCATE ${table} CASCADE`), /is append-only/);
    });
  }

  test('TRUNCATE people CASCADE, which reaches the care logs and the ledger, is refused', async () => {
    await assert.rejects(db().query('TRUNCATE people CASCADE'), /is append-only/);
  });
});
