// supportFacts in one statement (ADR 0039) gives exactly what its two statements gave: written
// out below as the oracle, on a team with its own Safeguarding Lead and Coach hats, its Local
// Circle's Team Starter and Coach, a Team Starter whose term ended and another circle's Starter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { hatRows } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import type { Db } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { countStatements } from '../../platform/statements.ts';
import { logTeam } from '../care/logs/test-support.ts';
import { isoDate } from '../circles/dates.ts';
import { currentHats } from '../circles/queries.ts';
import { circles, hatAssignments, hatDefinitions } from '../circles/schema.ts';
import { teamFacts } from '../teams/policy.ts';
import { HAT, supportFacts, supportFactsMany } from './policy.ts';

/** The old supportFacts: the team's facts, then the support hats in force in it and its Local Circle. */
async function oldSupportFacts(db: Db, teamId: string, now: Date) {
  const f = await teamFacts(db, teamId, now);
  const local = f.team.parentId;
  const hats = await currentHats(db, local ? [f.team.id, local] : [f.team.id], isoDate(now), Object.values(HAT));
  const held = (circleId: string | null, role: string) => hats.filter((h) => h.circleId === circleId && h.role === role).map((h) => h.personId);
  return {
    ...f,
    safeguardingLeads: held(f.team.id, HAT.safeguarding),
    localStarters: held(local, HAT.starter),
    localCoaches: held(local, HAT.coach),
    supportHats: [...new Set(Object.values(HAT).flatMap((r) => [...held(f.team.id, r), ...held(local, r)]))],
  };
}

const sorted = <T extends { safeguardingLeads: string[]; localStarters: string[]; localCoaches: string[]; supportHats: string[] }>(f: T) =>
  ({ ...f, safeguardingLeads: [...f.safeguardingLeads].sort(), localStarters: [...f.localStarters].sort(), localCoaches: [...f.localCoaches].sort(), supportHats: [...f.supportHats].sort() });

describeEachDatabase('support facts in one statement', (db) => {
  test('supportFacts and supportFactsMany give what the two statements gave, in one', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const base = await logTeam(deps);
    const d = t.database.db;
    const now = t.clock.now();
    const { hat, term, day } = hatRows(now);
    const [lead, starter, pastStarter, otherStarter] = [
      await makePerson(deps, { name: 'Lead Lin' }), await makePerson(deps, { name: 'Starter Sol' }),
      await makePerson(deps, { name: 'Past Starter' }), await makePerson(deps, { name: 'Other Starter' }),
    ];
    const other = newId();
    await d.insert(circles).values({ id: other, name: 'Elsewhere', kind: 'circle', aim: 'a', domain: 'd', parentId: null, createdAt: now });
    const [safeguarding, teamCoach, localStarter, elsewhereStarter] = [
      hat(base.teamId, 'Safeguarding Lead', 'safeguarding-lead'), hat(base.teamId, 'Team Coach', 'coach'), hat(base.localId, 'Team Starter', 'team-starter'), hat(other, 'Team Starter', 'team-starter'),
    ];
    await d.insert(hatDefinitions).values([safeguarding, teamCoach, localStarter, elsewhereStarter]);
    await d.insert(hatAssignments).values([
      term(safeguarding, lead.personId, day(-3), day(300)),
      term(teamCoach, base.cast.paid.personId, day(-3), day(300)),
      term(localStarter, starter.personId, day(-3), day(300)),
      term(localStarter, pastStarter.personId, day(-300), day(-1)), // ran out yesterday
      term(elsewhereStarter, otherStarter.personId, day(-3), day(300)),
    ]);
    const [localCoach] = await d.select().from(hatDefinitions).where(and(eq(hatDefinitions.circleId, base.localId), eq(hatDefinitions.role, 'coach')));
    assert.ok(localCoach, 'the Local Circle has a Coach hat');

    const oracle = await oldSupportFacts(d, base.teamId, now);
    const { result: one, statements } = await countStatements(() => supportFacts(d, base.teamId, now));
    assert.equal(statements.length, 1, 'one statement');
    assert.deepEqual(sorted(one), sorted(oracle));
    assert.deepEqual(one.safeguardingLeads, [lead.personId]);
    assert.deepEqual(one.localStarters, [starter.personId]);
    assert.deepEqual(one.localCoaches, [base.cast.coach.personId]);
    assert.ok(one.supportHats.includes(base.cast.paid.personId), "the team's own Coach hat counts");
    assert.ok(!one.supportHats.includes(otherStarter.personId) && !one.supportHats.includes(pastStarter.personId));
    const many = await supportFactsMany(d, [base.teamId, base.localId, newId(), 'not an id'], now);
    assert.deepEqual([...many.keys()], [base.teamId]);
    assert.deepEqual(sorted(many.get(base.teamId) as typeof one), sorted(oracle));
    await assert.rejects(supportFacts(d, base.localId, now), /team was not found/);
  });
});
