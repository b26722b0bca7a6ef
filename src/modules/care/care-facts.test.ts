// careFacts in one statement (ADR 0039) gives exactly what its three statements gave: written
// out below as the oracle, on a team with a member who joined twice (the latest way in counts),
// a trialist, a removed member's old join, a MAR Holder, the Local Circle's Coach and Leader, a
// Coach whose term ended, and a Coach hat of another circle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { hatRows } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import type { Db } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { countStatements } from '../../platform/statements.ts';
import { isoDate } from '../circles/dates.ts';
import { currentHats } from '../circles/queries.ts';
import { circles, hatAssignments, hatDefinitions } from '../circles/schema.ts';
import { teamFacts } from '../teams/policy.ts';
import { type JoinState, type SupporterKind, teamJoins } from '../teams/schema.ts';
import { logTeam } from './logs/test-support.ts';
import { careFacts, careFactsMany } from './policy.ts';

/** The old careFacts, statement by statement. */
async function oldCareFacts(db: Db, teamId: string, now: Date) {
  const f = await teamFacts(db, teamId, now);
  const joins = await db.select({ personId: teamJoins.personId, kind: teamJoins.supporterKind, state: teamJoins.state }).from(teamJoins)
    .where(and(eq(teamJoins.teamId, f.team.id), inArray(teamJoins.state, ['joined', 'trial']))).orderBy(desc(teamJoins.updatedAt));
  const hats = await currentHats(db, [f.team.id, ...(f.team.parentId ? [f.team.parentId] : [])], isoDate(now), ['mar-holder', 'coach', 'leader']);
  const holders = (circleId: string | null, role: string) => (circleId ? [...new Set(hats.filter((h) => h.circleId === circleId && h.role === role).map((h) => h.personId))] : []);
  const kinds = new Map<string, SupporterKind | null>(f.memberIds.map((p) => [p, null]));
  for (const j of joins.filter((x) => x.state === 'joined' && f.memberIds.includes(x.personId)).reverse()) kinds.set(j.personId, j.kind);
  const trialists = new Map(joins.filter((j) => j.state === 'trial' && !f.memberIds.includes(j.personId)).reverse().map((j) => [j.personId, j.kind]));
  return { ...f, kinds, marHolders: holders(f.team.id, 'mar-holder'), coaches: holders(f.team.parentId, 'coach'), localLeaders: holders(f.team.parentId, 'leader'), trialists };
}

const sorted = <T extends { marHolders: string[]; coaches: string[]; localLeaders: string[] }>(f: T) =>
  ({ ...f, marHolders: [...f.marHolders].sort(), coaches: [...f.coaches].sort(), localLeaders: [...f.localLeaders].sort() });

describeEachDatabase('care facts in one statement', (db) => {
  test('careFacts and careFactsMany give what the three statements gave, in one', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const base = await logTeam(deps);
    const d = t.database.db;
    const now = t.clock.now();
    const { hat, term, day } = hatRows(now);
    const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    const [trialist, removed, coach2, otherCoach] = [
      await makePerson(deps, { name: 'Trial Tess' }), await makePerson(deps, { name: 'Removed Rob' }),
      await makePerson(deps, { name: 'Second Coach' }), await makePerson(deps, { name: 'Other Coach' }),
    ];
    const join = (personId: string, state: JoinState, kind: SupporterKind, at: Date) =>
      ({ id: newId(), teamId: base.teamId, personId, route: 'invite' as const, state, supporterKind: kind, startedBy: base.cast.owner.personId, createdAt: at, updatedAt: at });
    await d.insert(teamJoins).values([
      join(base.cast.volunteer.personId, 'joined', 'friend', ago(48)), // an older way in: the later 'volunteer' counts
      join(trialist.personId, 'trial', 'paid', ago(2)),
      join(trialist.personId, 'not_continued', 'volunteer', ago(30)), // an earlier trial that ended: not counted
      join(removed.personId, 'joined', 'paid', ago(72)), // joined once, no longer a member
    ]);
    const other = newId();
    await d.insert(circles).values({ id: other, name: 'Elsewhere', kind: 'circle', aim: 'a', domain: 'd', parentId: null, createdAt: now });
    const mar = hat(base.teamId, 'MAR Holder', 'mar-holder');
    const elsewhereCoach = hat(other, 'Coach', 'coach');
    await d.insert(hatDefinitions).values([mar, elsewhereCoach]);
    const [localCoach] = await d.select().from(hatDefinitions).where(and(eq(hatDefinitions.circleId, base.localId), eq(hatDefinitions.role, 'coach')));
    assert.ok(localCoach);
    await d.insert(hatAssignments).values([
      term(mar, base.cast.paid.personId, day(-3), day(300)),
      term(localCoach, coach2.personId, day(-300), day(200), now), // ended: not a Coach now
      term(elsewhereCoach, otherCoach.personId, day(-3), day(300)), // another circle's Coach
    ]);

    const oracle = await oldCareFacts(d, base.teamId, now);
    const { result: one, statements } = await countStatements(() => careFacts(d, base.teamId, now));
    assert.equal(statements.length, 1, 'one statement');
    assert.deepEqual(sorted(one), sorted(oracle));
    assert.equal(one.kinds.get(base.cast.volunteer.personId), 'volunteer', 'the latest way in');
    assert.deepEqual([...one.trialists], [[trialist.personId, 'paid']]);
    assert.deepEqual(one.marHolders, [base.cast.paid.personId]);
    assert.deepEqual(one.coaches, [base.cast.coach.personId]);
    assert.ok(one.localLeaders.length === 1 && !one.coaches.includes(otherCoach.personId));
    // Many at once: the same facts, the Local Circle (not a team) and an unknown id left out.
    const many = await careFactsMany(d, [base.teamId, base.localId, newId(), 'not an id'], now);
    assert.deepEqual([...many.keys()], [base.teamId]);
    assert.deepEqual(sorted(many.get(base.teamId) as typeof one), sorted(oracle));
    await assert.rejects(careFacts(d, base.localId, now), /team was not found/);
    await assert.rejects(careFacts(d, 'nonsense', now), /team was not found/);
  });
});
