// "My visits" read by index ranges (ADR 0032) against the plain reading of the rule it keeps
// (DOMAIN.md 4): the booked visits still to end of the teams a person owns or is in (or is on
// trial with), all of them for the owner, those they are coming to for everyone else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import type { From } from '../../../platform/keyset.ts';
import { run } from '../../../platform/context.ts';
import { system } from '../../../../test/support/circles.ts';
import { testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { teamWith } from '../../../../test/support/teams.ts';
import { addMember } from '../../circles/commands/add-member.ts';
import { circleMembers } from '../../circles/schema.ts';
import { visitSupporters, visits } from '../schema.ts';
import { myVisitsPage } from './my-visits.ts';

const HOUR = 3_600_000;

/** The rule read plainly over every visit, for comparing. */
async function expected(database: Database, personId: string, now: Date): Promise<string[]> {
  const rows = await database.query<{ id: string }>(
    `SELECT v.id FROM visits v JOIN circles c ON c.id = v.team_id
     WHERE v.state = 'booked' AND v.ends_at > $2
       AND v.team_id IN (SELECT id FROM circles WHERE owner_id = $1
                         UNION SELECT circle_id FROM circle_members WHERE person_id = $1 AND left_at IS NULL
                         UNION SELECT team_id FROM team_joins WHERE person_id = $1 AND state = 'trial')
       AND (c.owner_id = $1 OR EXISTS (SELECT 1 FROM visit_supporters s WHERE s.visit_id = v.id AND s.person_id = $1))
     ORDER BY v.starts_at, v.id`,
    [personId, now.toISOString()],
  );
  return rows.map((r) => r.id);
}

/** Every page forward, then every page back from the last: both must give the whole list in order. */
async function walk(db: Database['db'], personId: string, now: Date, limit: number): Promise<{ forward: string[]; back: string[] }> {
  const forward: string[] = [];
  let from: From = {};
  let last: { at: Date; id: string } | undefined;
  for (;;) {
    const page = await myVisitsPage(db, personId, now, from, limit);
    assert.ok(page.rows.length <= limit);
    forward.push(...page.rows.map((r) => r.visit.id));
    const end = page.rows.at(-1);
    if (end) last = { at: end.visit.startsAt, id: end.visit.id };
    if (!page.next) break;
    const [at, id] = [page.next.slice(0, page.next.lastIndexOf('_')), page.next.slice(page.next.lastIndexOf('_') + 1)];
    from = { after: { at: new Date(at), id } };
  }
  const back: string[] = [];
  if (last) {
    // From just past the last row, so the first page back ends with it.
    from = { before: { at: new Date(last.at.getTime() + 1), id: last.id } };
    for (;;) {
      const page = await myVisitsPage(db, personId, now, from, limit);
      back.unshift(...page.rows.map((r) => r.visit.id));
      if (!page.prev) break;
      const cut = page.prev.lastIndexOf('_');
      from = { before: { at: new Date(page.prev.slice(0, cut)), id: page.prev.slice(cut + 1) } };
    }
  }
  return { forward, back };
}

describeEachDatabase('my visits by index ranges', (db) => {
  test('the same visits as the rule read plainly, paged both ways, before and after visits move; the copied start follows its visit', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const now = t.clock.now();
    const teams = [await teamWith(deps, 3), await teamWith(deps, 3), await teamWith(deps, 2)];
    const [a, b, c] = teams as [(typeof teams)[number], (typeof teams)[number], (typeof teams)[number]];
    const me = a.members[0]?.personId as string;
    await run(deps, system, addMember, { circleId: b.teamId, personId: me });
    await run(deps, system, addMember, { circleId: c.teamId, personId: me });
    // Then they leave team c: its visits they were down for are no longer theirs to see.
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const rows: (typeof visits.$inferInsert)[] = [];
    const coming: (typeof visitSupporters.$inferInsert)[] = [];
    for (let i = 0; i < 160; i += 1) {
      const team = teams[i % 3] as (typeof teams)[number];
      // From 13 hours ago (over, or still going) to ten days ahead; some at the same minute.
      const startsAt = new Date(now.getTime() + Math.floor(random() * 40) * 6 * HOUR - 13 * HOUR);
      const state = random() < 0.8 ? 'booked' : random() < 0.5 ? 'cancelled' : 'ended';
      const endsAt = new Date(startsAt.getTime() + (1 + Math.floor(random() * 8)) * 30 * 60_000);
      const id = newId();
      rows.push({ id, teamId: team.teamId, kind: 'paid', startsAt, endsAt, place: `Place ${i}`, state, createdBy: team.owner.personId, createdAt: now, updatedAt: now });
      const people = [...team.members.map((m) => m.personId), ...(team === a ? [] : [me])];
      for (const personId of people) {
        // A wrong start on purpose: the database takes the visit's own.
        if (random() < 0.5) coming.push({ visitId: id, personId, joinedAt: now, startsAt: new Date(0) });
      }
    }
    await t.database.db.insert(visits).values(rows);
    await t.database.db.insert(visitSupporters).values(coming);
    await t.database.db.update(circleMembers).set({ leftAt: now }).where(and(eq(circleMembers.circleId, c.teamId), eq(circleMembers.personId, me)));

    const stale = 'SELECT count(*)::int AS n FROM visit_supporters s JOIN visits v ON v.id = s.visit_id WHERE s.starts_at <> v.starts_at';
    const check = async (when: string) => {
      assert.equal((await t.database.query<{ n: number }>(stale))[0]?.n, 0, `${when}: every copied start is its visit's`);
      for (const person of [me, a.owner.personId, b.owner.personId, b.members[1]?.personId as string, c.members[0]?.personId as string]) {
        const want = await expected(t.database, person, now);
        const { forward, back } = await walk(t.database.db, person, now, 7);
        assert.deepEqual(forward, want, `${when}: forward, as ${person}`);
        assert.deepEqual(back, want, `${when}: back, as ${person}`);
      }
      const mine = await expected(t.database, me, now);
      assert.ok(mine.length > 20, `${when}: a real spread (${mine.length} of mine)`);
      // Each visit comes with who is coming, named, read in the same statement.
      const shown = (await myVisitsPage(t.database.db, me, now, {}, 50)).rows;
      const named = await t.database.query<{ visit_id: string; id: string; name: string }>(
        'SELECT s.visit_id, p.id, p.name FROM visit_supporters s JOIN people p ON p.id = s.person_id WHERE s.visit_id = ANY($1::uuid[])', [shown.map((r) => r.visit.id)]);
      const sorted = (list: { id: string; name: string }[]) => [...list].sort((x, y) => x.id.localeCompare(y.id));
      for (const r of shown) assert.deepEqual(sorted(r.supporters), sorted(named.filter((n) => n.visit_id === r.visit.id).map(({ id, name }) => ({ id, name }))), `${when}: who is coming to ${r.visit.id}`);
      assert.ok(shown.some((r) => r.supporters.length > 1), `${when}: some visits have several coming`);
    };
    await check('as written');
    // Visits move (a page's rearrange does the same UPDATE): the list follows them.
    await t.database.query(`UPDATE visits SET starts_at = starts_at + interval '2 days', ends_at = ends_at + interval '2 days' WHERE id IN (SELECT id FROM visits ORDER BY id LIMIT 40)`);
    await check('after 40 moved');
    await t.app.close();
  });

  test('a booked visit is at most 12 hours long in the database itself', async () => {
    const t = await testApp(db());
    const { teamId, owner } = await teamWith({ database: t.database, clock: t.clock }, 1);
    const now = t.clock.now();
    const row = { id: newId(), teamId, kind: 'paid' as const, startsAt: new Date(now.getTime() + HOUR), endsAt: new Date(now.getTime() + 14 * HOUR), place: 'Home', state: 'booked' as const, createdBy: owner.personId, createdAt: now, updatedAt: now };
    await assert.rejects(t.database.db.insert(visits).values(row), (e: Error) => /visits_booked_at_most_12_hours/.test(`${e.message} ${(e.cause as Error | undefined)?.message}`));
    await t.database.db.insert(visits).values({ ...row, endsAt: new Date(now.getTime() + 13 * HOUR) });
    await t.app.close();
  });
});
