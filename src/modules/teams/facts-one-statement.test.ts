// loadTeam, circleMembership and circleHats read in one statement (ADR 0028) give exactly what the
// old composition of eight statements gave: written out below as the oracle, on a team with a
// circle within it (its Leader a member too, its Delegate not), a learning member who links up,
// a member who left, a hat whose term ran out, an ended term and a term not yet begun.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { hatRows } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { countStatements } from '../../platform/statements.ts';
import type { Db } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { logTeam } from '../care/logs/test-support.ts';
import { isoDate } from '../circles/dates.ts';
import { circleFactsMany, circleStanding } from '../circles/facts.ts';
import { circleHats, circleMembership, currentHats, getCircle } from '../circles/queries.ts';
import { circleMembers, circles, hatAssignments, hatDefinitions } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import { loadTeam, loadTeams } from './policy.ts';
import { teams } from './schema.ts';

/** The old circleMembership, statement by statement. */
async function oldMembership(db: Db, circleId: string, now: Date, onlyPeople?: string[]) {
  const today = isoDate(now);
  const only = onlyPeople ? sql`${circleMembers.personId} = ANY(${sql.param(onlyPeople)}::uuid[])` : undefined;
  const direct = await db.select({ personId: people.id, name: people.name, participation: circleMembers.participation }).from(circleMembers)
    .innerJoin(people, eq(people.id, circleMembers.personId))
    .where(and(eq(circleMembers.circleId, circleId), isNull(circleMembers.leftAt), only)).orderBy(asc(people.name));
  const children = await db.select({ id: circles.id, name: circles.name }).from(circles).where(eq(circles.parentId, circleId));
  const childName = new Map(children.map((c) => [c.id, c.name]));
  const links = await currentHats(db, [...childName.keys()], today, ['leader', 'delegate'], onlyPeople);
  const hatsHere = await currentHats(db, [circleId], today, undefined, onlyPeople);
  const rows = new Map<string, { personId: string; name: string; participation: string; linkFrom?: string; hats: string[] }>();
  for (const m of direct) rows.set(m.personId, { ...m, hats: [] });
  for (const l of links) {
    const existing = rows.get(l.personId);
    const from = `${l.hat} of ${childName.get(l.circleId)}`;
    if (existing) {
      existing.participation = 'full';
      existing.linkFrom = existing.linkFrom ? `${existing.linkFrom}; ${from}` : from;
    } else rows.set(l.personId, { personId: l.personId, name: l.personName, participation: 'full', linkFrom: from, hats: [] });
  }
  for (const h of hatsHere) rows.get(h.personId)?.hats.push(h.hat);
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The old circleHats. */
async function oldHats(db: Db, circleId: string, now: Date) {
  const today = isoDate(now);
  const defs = await db.select().from(hatDefinitions).where(eq(hatDefinitions.circleId, circleId)).orderBy(asc(hatDefinitions.name));
  const held = await currentHats(db, [circleId], today);
  const expired = await db.select({ hatId: hatAssignments.hatId, personName: people.name, termEnd: hatAssignments.termEnd }).from(hatAssignments)
    .innerJoin(people, eq(people.id, hatAssignments.personId))
    .where(and(eq(hatAssignments.circleId, circleId), isNull(hatAssignments.endedAt), sql`${hatAssignments.termEnd} < ${today}`));
  return defs.map((d) => {
    const holders = held.filter((h) => h.hat === d.name);
    return { ...d, holders, dueForReselection: holders.length === 0 ? expired.filter((e) => e.hatId === d.id) : [] };
  });
}

/** The old loadTeam: the circle, the settings row, then the two above. */
async function oldLoadTeam(db: Db, teamId: string, now: Date) {
  const circle = await getCircle(db, teamId);
  if (!circle?.ownerId) throw new Error('not a team');
  const [settings] = await db.select().from(teams).where(eq(teams.circleId, circle.id));
  const members = await oldMembership(db, circle.id, now);
  const hats = await oldHats(db, circle.id, now);
  const welcomers = hats.filter((h) => /membership/i.test(h.name)).flatMap((h) => h.holders.map((x) => x.personId));
  const facts = {
    team: { id: circle.id, name: circle.name, ownerId: circle.ownerId, parentId: circle.parentId },
    advocateId: settings?.advocateId ?? null, memberIds: members.map((m) => m.personId), welcomers,
  };
  return { facts, settings, members, hats };
}

// The old code left the order of a person's hats, a hat's holders and its lapsed terms to the
// database; the new one orders them (by name). Compared here as sets.
const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
const unordered = <T extends { facts?: { welcomers: string[] }; members?: { hats: string[] }[]; hats?: { holders: unknown[]; dueForReselection: unknown[] }[] }>(x: T) => ({
  ...x,
  facts: x.facts && { ...x.facts, welcomers: [...x.facts.welcomers].sort() },
  members: x.members?.map((m) => ({ ...m, hats: [...m.hats].sort() })),
  hats: x.hats?.map((h) => ({ ...h, holders: [...h.holders].sort(byJson), dueForReselection: [...h.dueForReselection].sort(byJson) })),
});

describeEachDatabase('team and circle facts in one statement', (db) => {
  test('loadTeam, circleMembership and circleHats give what the old statements gave, in one statement each', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const base = await logTeam(deps);
    const d = t.database.db;
    const now = t.clock.now();
    const today = isoDate(now);
    const { hat, term, day } = hatRows(now);
    const [learner, delegate, gone, lapsed, future] = [
      await makePerson(deps, { name: 'Learning Ada' }), await makePerson(deps, { name: 'Delegate Bo' }), await makePerson(deps, { name: 'Gone Cy' }),
      await makePerson(deps, { name: 'Lapsed Di' }), await makePerson(deps, { name: 'Future Ed' }),
    ];
    // A member who left, and a learning member.
    await d.insert(circleMembers).values([
      { id: newId(), circleId: base.teamId, personId: gone.personId, participation: 'full', joinedAt: now, leftAt: now },
      { id: newId(), circleId: base.teamId, personId: learner.personId, participation: 'learning', joinedAt: now },
    ]);
    // A circle within the team: its Leader is the learning member (double-linked: now full), its Delegate is nobody else here.
    const child = newId();
    await d.insert(circles).values({ id: child, name: 'Garden group', kind: 'circle', aim: 'a', domain: 'd', parentId: base.teamId, createdAt: now });
    const [leaderHat, delegateHat, gardener, membership, rota] = [
      hat(child, 'Leader', 'leader'), hat(child, 'Delegate', 'delegate'), hat(base.teamId, 'Gardener', null), hat(base.teamId, 'Membership Steward', null), hat(base.teamId, 'Rota Holder', null),
    ];
    await d.insert(hatDefinitions).values([leaderHat, delegateHat, gardener, membership, rota]);
    await d.insert(hatAssignments).values([
      term(leaderHat, learner.personId, day(-10), day(300)),
      term(delegateHat, delegate.personId, day(-10), day(300)),
      term(gardener, lapsed.personId, day(-400), day(-1)), // ran out: due for reselection
      term(gardener, base.cast.volunteer.personId, day(-400), day(-30), now), // ended: not due
      term(membership, base.cast.paid.personId, today, day(365)),
      term(membership, learner.personId, day(-5), day(365)),
      term(rota, future.personId, day(5), day(365)), // not begun
      term(rota, base.cast.paid.personId, day(-500), day(-200)), // ran out, but...
      term(rota, base.cast.volunteer.personId, day(-5), day(100)), // ...someone holds it now
    ]);

    const old = await oldLoadTeam(d, base.teamId, now);
    const { result: loaded, statements } = await countStatements(() => loadTeam(d, base.teamId, now));
    assert.equal(statements.length, 1, 'loadTeam is one statement');
    assert.deepEqual(unordered(loaded), unordered(old));
    // The cases the team was built for, so the comparison cannot pass on an empty team.
    const ada = loaded.members.find((m) => m.personId === learner.personId);
    assert.deepEqual(ada && { participation: ada.participation, linkFrom: ada.linkFrom, hats: ada.hats }, { participation: 'full', linkFrom: 'Leader of Garden group', hats: ['Membership Steward'] });
    assert.equal(loaded.members.find((m) => m.personId === delegate.personId)?.linkFrom, 'Delegate of Garden group');
    assert.ok(!loaded.facts.memberIds.includes(gone.personId), 'who left is not a member');
    assert.deepEqual(loaded.hats.find((h) => h.name === 'Gardener')?.dueForReselection.map((e) => e.personName), ['Lapsed Di']);
    assert.deepEqual(loaded.hats.find((h) => h.name === 'Rota Holder')?.holders.map((h) => h.personId), [base.cast.volunteer.personId]);
    assert.deepEqual(new Set(loaded.facts.welcomers), new Set([base.cast.paid.personId, learner.personId]));
    assert.equal(loaded.settings?.advocateId, base.cast.advocate.personId);

    // The same for the other circles, the Local Circle (a team's Leader links up) and the circle within.
    for (const circleId of [base.teamId, base.localId, child]) {
      assert.deepEqual(unordered({ members: await circleMembership(d, circleId, now) }), unordered({ members: await oldMembership(d, circleId, now) }), circleId);
      assert.deepEqual(unordered({ hats: await circleHats(d, circleId, now) }), unordered({ hats: await oldHats(d, circleId, now) }), circleId);
      const few = [learner.personId, delegate.personId, base.cast.leader.personId, gone.personId];
      assert.deepEqual(unordered({ members: await circleMembership(d, circleId, now, few) }), unordered({ members: await oldMembership(d, circleId, now, few) }), `${circleId}, a few people`);
      // A circle page's standing: the circle, the asker's own row, the hats.
      for (const personId of [...few, base.cast.owner.personId]) {
        const standing = await countStatements(() => circleStanding(d, circleId, personId, now));
        assert.equal(standing.statements.length, 1);
        const [mine] = await oldMembership(d, circleId, now, [personId]);
        assert.deepEqual(unordered({ members: standing.result?.mine ? [standing.result.mine] : [], hats: standing.result?.hats }), unordered({ members: mine ? [mine] : [], hats: await oldHats(d, circleId, now) }));
        assert.deepEqual(standing.result?.circle, await getCircle(d, circleId));
      }
    }

    // Many teams at once: one statement, the same facts; what is not a team is left out.
    const many = await countStatements(() => loadTeams(d, [base.teamId, base.localId, 'not an id', newId()], now));
    assert.equal(many.statements.length, 1);
    assert.deepEqual([...many.result.keys()], [base.teamId]);
    assert.deepEqual(many.result.get(base.teamId), loaded);
    assert.equal((await circleFactsMany(d, [base.teamId, base.localId], now)).size, 2);
  });
});
