// peopleInCircles (the choosers of people: give credits, a mandate's payers and recipients, a
// chat's members) read per circle from its own index range (issue 20), against the rule read
// plainly: direct members of any of the circles, and the Leader and Delegate of each circle
// directly within them while their term runs; name order; `except`, `search`, `only`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../platform/context.ts';
import type { Database } from '../../platform/db.ts';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { circleWith, system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { people } from '../people/schema.ts';
import { addMember } from './commands/add-member.ts';
import { assignHat } from './commands/assign-hat.ts';
import { isoDate } from './dates.ts';
import { circleHats, peopleInCircles } from './queries.ts';
import { eq } from 'drizzle-orm';

async function plainly(database: Database, circleIds: string[], today: string, o: { except?: string; limit: number; search?: string; only?: string }) {
  const rows = await database.query<{ id: string; name: string }>(
    `SELECT p.id, p.name FROM people p WHERE p.id IN (
       SELECT person_id FROM circle_members WHERE circle_id = ANY($1::uuid[]) AND left_at IS NULL
       UNION SELECT a.person_id FROM hat_assignments a JOIN hat_definitions d ON d.id = a.hat_id JOIN circles c ON c.id = a.circle_id
       WHERE c.parent_id = ANY($1::uuid[]) AND d.role IN ('leader', 'delegate') AND a.ended_at IS NULL AND a.term_start <= $2::date AND a.term_end >= $2::date)
     ORDER BY p.name, p.id`,
    [circleIds, today],
  );
  return rows
    .filter((r) => r.id !== o.except && (!o.search || r.name.toLowerCase().includes(o.search.toLowerCase())) && (!o.only || r.id === o.only))
    .slice(0, o.limit)
    .map((r) => ({ personId: r.id, name: r.name }));
}

describeEachDatabase('people in circles', (db) => {
  test('the same people as the rule read plainly, for limits, searches, one left out and one asked for', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const a = await circleWith(deps, ['full', 'full', 'full', 'full', 'full', 'full'], { name: 'A' });
    const b = await circleWith(deps, ['full', 'full', 'full', 'full'], { name: 'B' });
    const child = await circleWith(deps, ['full', 'full'], { name: 'Within A', parentId: a.circleId });
    // Names that interleave across the circles, some alike, one with a percent sign.
    const names = ['Ada Ng', 'Bo Ng', 'Cy Lee', 'ada ng', 'Di 100% Lee', 'Ed Ng', 'Fay Lee', 'Gus Ng', 'Hal Lee', 'Ida Ng', 'Jo Lee', 'Kit Ng'];
    const everyone = [...a.people, ...b.people, ...child.people];
    for (const [i, p] of everyone.entries()) await t.database.db.update(people).set({ name: names[i % names.length] as string }).where(eq(people.id, p.personId));
    // Two people in both A and B; the child's Leader links into A.
    for (const p of b.people.slice(0, 2)) await run(deps, system, addMember, { circleId: a.circleId, personId: p.personId });
    const leaderHat = (await circleHats(t.database.db, child.circleId, t.clock.now())).find((h) => h.role === 'leader')?.id as string;
    await run(deps, system, assignHat, { hatId: leaderHat, personId: child.people[0]?.personId as string });
    const outsider = await makePerson(deps);
    const today = isoDate(t.clock.now());
    const me = a.people[0]?.personId as string;
    const cases = [
      { ids: [a.circleId], o: { limit: 50 } },
      { ids: [a.circleId, b.circleId], o: { limit: 3 } },
      { ids: [a.circleId, b.circleId], o: { limit: 5, except: me } },
      { ids: [b.circleId, a.circleId], o: { limit: 50, search: 'ng' } },
      { ids: [a.circleId, b.circleId], o: { limit: 50, search: '100%' } },
      { ids: [a.circleId, b.circleId], o: { limit: 1, only: b.people[3]?.personId as string } },
      { ids: [a.circleId], o: { limit: 1, only: outsider.personId } },
      { ids: [a.circleId], o: { limit: 50, only: child.people[0]?.personId as string } },
      { ids: [b.circleId], o: { limit: 2, search: 'lee', except: b.people[0]?.personId as string } },
    ];
    for (const { ids, o } of cases) {
      assert.deepEqual(await peopleInCircles(t.database.db, ids, t.clock.now(), o), await plainly(t.database, ids, today, o), JSON.stringify(o));
    }
    assert.ok((await plainly(t.database, [a.circleId], today, { limit: 50 })).some((p) => p.personId === child.people[0]?.personId), 'the link is among them');
    await t.app.close();
  });
});
