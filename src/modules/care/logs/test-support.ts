// A team for the care-log tests: the owner, an advocate, a volunteer, a paid worker, the Local
// Circle's Coach (also in the team, so they can see its pending logs) and Leader, and an outsider.
import { makePerson } from '../../../../test/support/app.ts';
import { actorOf, system } from '../../../../test/support/circles.ts';
import type { Actor } from '../../../platform/authz.ts';
import { type Clock, DAY, type FakeClock } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import type { Database } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { addMember } from '../../circles/commands/add-member.ts';
import { assignHat } from '../../circles/commands/assign-hat.ts';
import { createCircle } from '../../circles/commands/create-circle.ts';
import { defineHat } from '../../circles/commands/define-hat.ts';
import { circleHats } from '../../circles/queries.ts';
import { teamJoins, teams } from '../../teams/schema.ts';
import { careFacts } from '../policy.ts';
import { visits } from '../schema.ts';
import { createLogsForVisit } from './create-log.ts';
import { addCareLog } from './add-log.ts';

type Person = { personId: string; email: string; name: string };
export const castNames = ['owner', 'advocate', 'volunteer', 'paid', 'coach', 'leader', 'outsider', 'admin'] as const;
export type CastName = (typeof castNames)[number];
/** Tests pass a FakeClock; the browser suite runs on the real clock, so the helpers take any clock. */
export type Deps<C extends Clock = FakeClock> = { database: Database; clock: C };
type AnyDeps = Deps<Clock>;

export async function logTeam(deps: AnyDeps) {
  const cast = {} as Record<CastName, Person>;
  for (const n of castNames) cast[n] = await makePerson(deps as Deps, { name: `The ${n}`, admin: n === 'admin' });
  // The Local Circle sits under a top circle, so it has a Leader hat (the link to its parent).
  const { circleId: topId } = await run(deps, system, createCircle, { name: 'Purpose', aim: 'Care stays with people.', domain: 'Everything.', parentId: null });
  const { circleId: localId } = await run(deps, system, createCircle, { name: 'Local', aim: 'Teams thrive.', domain: 'Teams here.', parentId: topId });
  const { circleId: teamId } = await run(deps, system, createCircle, { name: "Olu's Team", kind: 'team', aim: 'Olu lives well.', domain: "Olu's support.", parentId: localId, ownerId: cast.owner.personId });
  await deps.database.db.insert(teams).values({ circleId: teamId, advocateId: cast.advocate.personId, updatedAt: deps.clock.now() });
  for (const n of ['owner', 'advocate', 'volunteer', 'paid', 'coach'] as const) await run(deps, system, addMember, { circleId: teamId, personId: cast[n].personId, participation: 'full' });
  for (const [n, kind] of [['volunteer', 'volunteer'], ['paid', 'paid'], ['coach', 'volunteer']] as const) {
    await deps.database.db.insert(teamJoins).values({ id: newId(), teamId, personId: cast[n].personId, route: 'invite', state: 'joined', supporterKind: kind, startedBy: cast.owner.personId, createdAt: deps.clock.now(), updatedAt: deps.clock.now() });
  }
  const { hatId } = await run(deps, null, defineHat, { circleId: localId, name: 'Coach', role: 'coach', kind: 'operational', purpose: 'Coach teams.', responsibilities: 'Help', termMonths: 12, reviewMonths: 6 });
  await run(deps, system, assignHat, { hatId, personId: cast.coach.personId });
  const leaderHat = (await circleHats(deps.database.db, localId, deps.clock.now())).find((h) => h.role === 'leader');
  if (!leaderHat) throw new Error('the Local Circle has no Leader hat');
  await run(deps, system, assignHat, { hatId: leaderHat.id, personId: cast.leader.personId });
  const actors = Object.fromEntries(castNames.map((k) => [k, { ...actorOf(cast[k]), isAdmin: k === 'admin' }])) as Record<CastName, Actor>;
  return { teamId, localId, cast, actors };
}

/** Support that happened yesterday (one hour from 10:00 UTC), as the API would send it. */
export function yesterday(clock: Clock, hours = 1, startHour = 10) {
  const day = new Date(clock.now().getTime() - DAY).toISOString().slice(0, 10);
  const start = new Date(`${day}T${String(startHour).padStart(2, '0')}:00:00Z`);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + hours * 3_600_000).toISOString() };
}

/** Times in hour-long slots counted from three days ago, so logs in different slots never overlap. */
export function slot(clock: Clock, n: number, hours = 1) {
  const start = new Date(clock.now().getTime() - 3 * DAY + n * 3_600_000);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + hours * 3_600_000).toISOString() };
}

/** A pending log by the volunteer (their side confirmed), in slot n (see slot). */
export async function volunteerLog(deps: AnyDeps, t: Awaited<ReturnType<typeof logTeam>>, n = 0, who: 'volunteer' | 'paid' = 'volunteer') {
  const { logId } = await run(deps, t.actors[who], addCareLog, { teamId: t.teamId, ...slot(deps.clock, n), activity: 'A walk to the park' });
  return logId;
}

/** A log as a visit leaves it when it ends: pending, nobody has confirmed yet. */
export async function visitLog(deps: AnyDeps, t: Awaited<ReturnType<typeof logTeam>>, n: number): Promise<string> {
  const times = slot(deps.clock, n);
  const visit = {
    id: newId(), teamId: t.teamId, seriesId: null, originalStartsAt: null, kind: 'volunteer' as const, startsAt: new Date(times.startsAt), endsAt: new Date(times.endsAt),
    place: 'Home', notes: 'Shopping', state: 'ended' as const, cancelReason: null, rearrangeReason: null, remindedAt: null, createdBy: t.cast.owner.personId, createdAt: deps.clock.now(), updatedAt: deps.clock.now(),
  };
  await deps.database.db.insert(visits).values(visit);
  const [logId] = await run(deps, null, async (ctx) => createLogsForVisit(ctx, visit, [t.cast.volunteer.personId], await careFacts(ctx.tx, t.teamId, ctx.now)), {});
  return logId as string;
}
