// The subject-access export of every demo person holds every row of the database that names
// them, table by table (or says where it is, or why it is held back), and nothing of anyone
// else's that they may not read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from '../../../test/support/app.ts';
import { describeEachDemoDatabase } from '../../../test/support/db.ts';
import type { Database } from '../../platform/db.ts';
import { loadNote } from '../care/notes/load.ts';
import { people } from '../people/schema.ts';
import { type Row, keyOf, rowsNaming } from './rows.ts';
import { personTables, readThroughModules } from './tables.ts';
import { actorOf, exportOf } from './test-support.ts';
import type { ExportDocument } from './words.ts';

/**
 * Rows naming the person that are deliberately not in their export, each with why. Keep it
 * short: a row belongs here only when putting it in would be wrong, never because it is hard.
 */
const deliberatelyExcluded: Record<string, { why: string; excluded: (row: Row, personId: string) => boolean }> = {
  // (none: every table naming a person is in the export, as rows or through its module)
};

const ids = (items: unknown[]): Set<string> => new Set(items.map((i) => String((i as { id: string }).id)));

/** Where a row read through its module must be, by its table: in its section, or withheld. */
function foundThroughModule(doc: ExportDocument, table: string, row: Row): boolean {
  const withheld = new Set(doc.withheld.map((w) => w.id));
  const notes = ids(doc.notes);
  const concerns = ids(doc.concerns);
  const conflicts = ids(doc.conflicts);
  const mar = doc.mar as { teamId: string; day: string; medicines: { id: string; doses: { dueAt: string }[] }[] }[];
  switch (table) {
    case 'care_notes':
      return notes.has(String(row.id)) || withheld.has(String(row.id));
    case 'care_note_versions':
      return notes.has(String(row.note_id)) || withheld.has(String(row.note_id));
    case 'medicines':
      return mar.some((d) => d.medicines.some((m) => m.id === row.id)) || doc.withheld.some((w) => w.id.startsWith(`${String(row.team_id)}:`));
    case 'medication_doses': {
      const due = new Date(row.due_at as string).toISOString();
      return mar.some((d) => d.medicines.some((m) => m.id === row.medicine_id && m.doses.some((x) => new Date(x.dueAt).toISOString() === due))) || doc.withheld.some((w) => w.id.startsWith(`${String(row.team_id)}:`));
    }
    case 'support_profiles':
      return (doc.profiles as { teamId: string }[]).some((p) => p.teamId === row.team_id) || withheld.has(String(row.team_id));
    case 'concerns':
      return concerns.has(String(row.id)) || withheld.has(String(row.id));
    case 'concern_steps':
    case 'concern_viewers':
      return concerns.has(String(row.concern_id)) || withheld.has(String(row.concern_id));
    case 'conflicts':
      return conflicts.has(String(row.id)) || withheld.has(String(row.id));
    case 'conflict_steps':
      return conflicts.has(String(row.conflict_id)) || withheld.has(String(row.conflict_id));
    default:
      return false;
  }
}

/** Every row naming the person now, by table. */
async function rowsNamingNow(database: Database, personId: string): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  await database.db.transaction(async (tx) => {
    for (const table of personTables()) out.set(table.name, await rowsNaming(tx, table, personId));
  });
  return out;
}

describeEachDemoDatabase('subject-access export', (db) => {
  test('each demo person\'s export holds every row naming them, table by table, and nothing they may not read', async () => {
    const t = await testApp(db());
    const everyone = await t.database.db.select({ id: people.id, name: people.name }).from(people);
    assert.ok(everyone.length >= 7);
    const tables = personTables();
    // The schema's own list: the export cannot quietly skip a table that names people.
    for (const name of ['people', 'chat_messages', 'care_logs', 'access_log', 'notifications', 'credit_transfers', 'memberships', 'hat_assignments', 'consent_responses', 'giving_profiles']) {
      assert.ok(tables.some((x) => x.name === name), `${name} is among the tables naming a person`);
    }
    let checked = 0;
    for (const person of everyone) {
      const before = await rowsNamingNow(t.database, person.id);
      const asker = await actorOf(t.database, person.id);
      const { doc } = await exportOf(t, asker);
      const missing: string[] = [];
      for (const table of tables) {
        const exported = doc.tables.find((x) => x.table === table.name);
        const keys = new Set((exported?.rows ?? []).map((r) => keyOf(table, r)));
        for (const row of before.get(table.name) ?? []) {
          if (deliberatelyExcluded[table.name]?.excluded(row, person.id)) continue;
          const found = readThroughModules[table.name] ? foundThroughModule(doc, table.name, row) : keys.has(keyOf(table, row));
          if (!found) missing.push(`${table.name} ${keyOf(table, row)}`);
          checked += 1;
        }
        // Nothing in a table section that does not name them.
        for (const r of exported?.rows ?? []) {
          const names = table.columns.some((c) => r[c] === person.id) || table.lists.some((c) => Array.isArray(r[c]) && (r[c] as string[]).includes(person.id));
          assert.ok(names, `${person.name}'s export holds a ${table.name} row that does not name them`);
        }
      }
      assert.deepEqual(missing, [], `${person.name}'s export misses rows naming them`);
      assert.ok(!doc.tables.some((x) => x.rows.some((r) => 'password_hash' in r || 'token_hash' in r)), 'no secret is exported');

      // Notes: only those the notes module lets this person read; the rest by date and author only.
      for (const note of doc.notes as { id: string }[]) {
        await assert.doesNotReject(loadNote(t.database.db, asker, note.id, t.clock.now()), `${person.name} may read note ${note.id}`);
      }
      for (const w of doc.withheld) {
        assert.deepEqual(Object.keys(w).sort(), ['author', 'date', 'id', 'reason', 'record']);
        assert.ok(w.reason.length > 20);
      }
      // Concerns about the person are never shown to them.
      assert.ok(!(doc.concerns as { about: string | null }[]).some((c) => c.about === person.name), `${person.name} sees no concern about them`);
    }
    assert.ok(checked > 100, `checked ${checked} rows`);
  });
});
