import { makePerson, testApp } from '../../../../test/support/app.ts';
import { actorOf } from '../../../../test/support/circles.ts';
import { teamWith } from '../../../../test/support/teams.ts';
import { run } from '../../../platform/context.ts';
import type { Database } from '../../../platform/db.ts';
import { runOneJob } from '../../../platform/jobs.ts';
import { decideJoin, inviteToTeam } from '../../teams/commands/joining.ts';
import { acceptPromise } from '../../teams/commands/team.ts';
import './jobs.ts';

/**
 * A team with its owner, a paid worker (Pat), a volunteer (Val) and a member added directly
 * (Mo); the Promise accepted unless told otherwise. The clock starts Monday 5 January 2026, 09:00.
 */
export async function visitTeam(database: Database, options: { promise?: boolean } = {}) {
  const t = await testApp(database);
  const deps = { database: t.database, clock: t.clock };
  const { teamId, owner, ownerEmail, members } = await teamWith(deps, 1);
  const mo = members[0] as typeof owner;
  const join = async (name: string, supporterKind: string) => {
    const p = await makePerson(deps, { name });
    const a = actorOf(p);
    const { joinId } = await run(deps, owner, inviteToTeam, { teamId, personId: a.personId, supporterKind });
    await run(deps, a, decideJoin, { joinId, step: 'accept' });
    await run(deps, owner, decideJoin, { joinId, step: 'join' });
    return { ...a, email: p.email };
  };
  const pat = await join('Pat Paid', 'paid');
  const val = await join('Val Volunteer', 'volunteer');
  if (options.promise !== false) await run(deps, owner, acceptPromise, { teamId, agree: 'on' });
  const runJobs = async () => {
    let n = 0;
    while (await runOneJob(t.database, t.clock)) n += 1;
    return n;
  };
  const count = async (sql: string) => Number((await t.database.query<{ n: number }>(sql))[0]?.n ?? 0);
  return { t, deps, teamId, owner, ownerEmail, mo, pat, val, runJobs, count };
}

/** A one-off paid visit with Pat on the given local day (default tomorrow, Tuesday 6 January). */
export const oneOff = (teamId: string, supporterIds: string[], extra: Record<string, unknown> = {}) => ({
  teamId, kind: 'paid', date: '2026-01-06', startTime: '10:00', endTime: '11:00', place: '1 Mill Lane, Halifax', notes: 'Bring the shopping list', supporterIds, ...extra,
});
