import { makePerson } from '../../../../test/support/app.ts';
import { actorOf, system } from '../../../../test/support/circles.ts';
import { teamWith } from '../../../../test/support/teams.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { FakeClock } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import type { Database } from '../../../platform/db.ts';
import { assignHat } from '../../circles/commands/assign-hat.ts';
import { defineHat } from '../../circles/commands/define-hat.ts';
import { circleHats } from '../../circles/queries.ts';
import { decideJoin, inviteToTeam } from '../../teams/commands/joining.ts';
import { nameTeamHats, setAdvocate } from '../../teams/commands/team.ts';

type Deps = { database: Database; clock: FakeClock };

/**
 * A team with each kind of person the care records rules tell apart: the owner, an advocate
 * (family), a paid worker, a volunteer, a paid MAR Holder, a friend, the Local Circle's Coach
 * (outside the team), an admin and a stranger.
 */
export async function careTeam(deps: Deps) {
  const { teamId, localId, owner } = await teamWith(deps, 0);
  const person = async (name: string, admin = false) => actorOf(await makePerson(deps, { name, admin }));
  const join = async (who: Actor, supporterKind: string) => {
    const { joinId } = await run(deps, owner, inviteToTeam, { teamId, personId: who.personId, supporterKind });
    await run(deps, who, decideJoin, { joinId, step: 'accept' });
    await run(deps, owner, decideJoin, { joinId, step: 'join' });
  };
  const advocate = await person('Advocate');
  const paid = await person('Paid Worker');
  const volunteer = await person('Volunteer');
  const marHolder = await person('Mar Holder');
  const friend = await person('Friend');
  await join(advocate, 'family');
  await join(paid, 'paid');
  await join(volunteer, 'volunteer');
  await join(marHolder, 'paid');
  await join(friend, 'friend');
  await run(deps, owner, setAdvocate, { teamId, advocateId: advocate.personId });
  await run(deps, owner, nameTeamHats, { teamId, hats: ['MAR Holder', 'Safeguarding Lead'] });
  const hats = await circleHats(deps.database.db, teamId, deps.clock.now());
  await run(deps, system, assignHat, { hatId: (hats.find((h) => h.name === 'MAR Holder') as { id: string }).id, personId: marHolder.personId });
  await run(deps, null, defineHat, { circleId: localId, name: 'Coach', role: 'coach', kind: 'operational', purpose: 'Supports the teams.', responsibilities: 'Handle concerns', termMonths: 12, reviewMonths: 6 });
  const coach = await person('Coach');
  const coachHat = (await circleHats(deps.database.db, localId, deps.clock.now())).find((h) => h.name === 'Coach') as { id: string };
  await run(deps, system, assignHat, { hatId: coachHat.id, personId: coach.personId });
  return { teamId, localId, owner, advocate, paid, volunteer, marHolder, friend, coach, admin: { ...(await person('Admin', true)), isAdmin: true }, stranger: await person('Stranger') };
}
