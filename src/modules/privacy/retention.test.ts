// Retention: a person who left is anonymised in everything not under retention; their name goes
// once no care record under retention names them; a team's care records past the retention
// period are disposed of; the ledger and audit verifiers still pass; a second run does nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { testApp } from '../../../test/support/app.ts';
import { describeEachDemoDatabase } from '../../../test/support/db.ts';
import { runVerifiers } from '../../../test/support/verifiers.ts';
import { DAY } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { logbookEntries } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import { FORMER_MEMBER, REMOVED_MESSAGE } from './anonymise.ts';
import { runRetention } from './retention.ts';

const count = async (database: Database, query: string, params: unknown[] = []) => Number((await database.query<{ n: number }>(query, params))[0]?.n ?? 0);
const personByEmail = async (database: Database, email: string) => {
  const [p] = await database.db.select().from(people).where(eq(people.email, email));
  assert.ok(p, email);
  return p;
};

describeEachDemoDatabase('retention', (db) => {
  test('leavers are anonymised, care records past retention disposed of, chains still verify, and a second run does nothing', async () => {
    const t = await testApp(db());
    const run = () => t.database.db.transaction((tx) => runRetention({ tx, now: t.clock.now() }));
    const rose = await personByEmail(t.database, 'rose@demo.carecircles.org');
    const irene = await personByEmail(t.database, 'irene@demo.carecircles.org');
    const [roseTeam] = await t.database.query<{ id: string }>("SELECT id FROM circles WHERE kind = 'team' AND owner_id = $1", [rose.id]);
    assert.ok(roseTeam);
    const notesBefore = await count(t.database, 'SELECT count(*)::int AS n FROM care_notes WHERE team_id = $1', [roseTeam.id]);
    const logsBefore = await count(t.database, 'SELECT count(*)::int AS n FROM care_logs WHERE team_id = $1', [roseTeam.id]);
    assert.ok(notesBefore > 0 && logsBefore > 0, 'the demo team has notes and logs');
    // Irene (an investor, in no care record) and Rose (a team owner) leave the co-op today.
    await t.database.query("UPDATE memberships SET state = 'left', ended_at = $2 WHERE person_id = ANY($1::uuid[])", [[rose.id, irene.id], t.clock.now()]);
    for (const who of [rose, irene]) {
      await t.database.query("INSERT INTO chat_messages (id, circle_id, author_id, kind, body, created_at) SELECT gen_random_uuid(), circle_id, person_id, 'user', 'My phone is 07700 900123', $2 FROM circle_members WHERE person_id = $1 LIMIT 1", [who.id, t.clock.now()]);
    }
    assert.deepEqual(await runVerifiers(t.database), []);

    // Within 30 days of leaving nothing happens: time to download an export, or to undo a mistake.
    assert.equal((await run()).anonymised, 0);

    t.clock.advance(31 * DAY);
    const first = await run();
    assert.equal(first.anonymised, 2);
    const ireneNow = await personByEmail(t.database, `left-${irene.id}@anonymised.invalid`);
    assert.equal(ireneNow.name, FORMER_MEMBER, 'in no care record: her name goes at once');
    assert.equal(ireneNow.passwordHash, null);
    const roseNow = (await t.database.db.select().from(people).where(eq(people.id, rose.id)))[0];
    assert.equal(roseNow?.name, rose.name, "her team's care records are under retention: her name stays with them");
    assert.equal(roseNow?.email, `left-${rose.id}@anonymised.invalid`);
    assert.equal(roseNow?.phone, null);
    assert.equal(await count(t.database, "SELECT count(*)::int AS n FROM chat_messages WHERE body LIKE '%07700 900123%'"), 0);
    assert.ok((await count(t.database, 'SELECT count(*)::int AS n FROM chat_messages WHERE author_id = ANY($1::uuid[]) AND body = $2', [[rose.id, irene.id], REMOVED_MESSAGE])) >= 2);
    assert.equal(await count(t.database, 'SELECT count(*)::int AS n FROM credit_transfers t JOIN credit_accounts a ON a.id IN (t.from_account, t.to_account) WHERE a.person_id = ANY($1::uuid[]) AND t.message IS NOT NULL', [[rose.id, irene.id]]), 0);
    assert.equal(await count(t.database, 'SELECT count(*)::int AS n FROM care_notes WHERE team_id = $1', [roseTeam.id]), notesBefore, 'care records are kept');
    const [entry] = await t.database.db.select().from(logbookEntries).where(eq(logbookEntries.sourceType, 'retention'));
    assert.ok(entry?.text.includes('kept for 8 years after'), 'the logbook entry says which policy the run follows');
    assert.ok(!entry?.text.includes('Irene') && !entry?.text.includes('Rose'), 'and names nobody');
    assert.deepEqual(await runVerifiers(t.database), []);
    // Outside the run, the append-only triggers still refuse those same changes.
    const appendOnly = (e: unknown) => /append-only/.test(String((e as { cause?: unknown }).cause ?? e));
    await assert.rejects(t.database.db.execute(sql`UPDATE credit_transfers SET message = NULL`), appendOnly);
    await assert.rejects(t.database.db.execute(sql`DELETE FROM care_note_versions`), appendOnly);

    // Past the retention period (8 years after her support ended), her team's care records go.
    t.clock.advance(8 * 366 * DAY);
    const second = await run();
    assert.equal(second.disposed, 1);
    assert.equal(await count(t.database, 'SELECT count(*)::int AS n FROM care_notes WHERE team_id = $1', [roseTeam.id]), 0);
    assert.equal(await count(t.database, 'SELECT count(*)::int AS n FROM medicines WHERE team_id = $1', [roseTeam.id]), 0);
    assert.equal(await count(t.database, 'SELECT count(*)::int AS n FROM support_profiles WHERE team_id = $1', [roseTeam.id]), 0);
    assert.equal(await count(t.database, 'SELECT count(*)::int AS n FROM care_logs WHERE team_id = $1', [roseTeam.id]), logsBefore, 'the chained care logs stay');
    assert.equal((await t.database.db.select().from(people).where(eq(people.id, rose.id)))[0]?.name, FORMER_MEMBER);
    assert.deepEqual(await runVerifiers(t.database), [], 'the ledger and audit chains verify after disposal');

    // Idempotent: the same day again, or the next, changes nothing and writes no logbook entry.
    const snapshot = async () => t.database.query<{ s: string }>("SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) AS s FROM people p");
    const entries = () => count(t.database, "SELECT count(*)::int AS n FROM logbook_entries WHERE source_type = 'retention'");
    const [peopleBefore, entriesBefore] = [await snapshot(), await entries()];
    assert.deepEqual(await run(), { anonymised: 0, disposed: 0, namesErased: 0, archivesErased: 0 });
    t.clock.advance(DAY);
    assert.deepEqual(await run(), { anonymised: 0, disposed: 0, namesErased: 0, archivesErased: 0 });
    assert.deepEqual(await snapshot(), peopleBefore);
    assert.equal(await entries(), entriesBefore);
  });
});
