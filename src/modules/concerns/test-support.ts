// A Local Circle with one team around which every kind of person stands, for the concerns tests.
import type { Actor } from '../../platform/authz.ts';
import type { FakeClock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import type { Database } from '../../platform/db.ts';
import { makePerson } from '../../../test/support/app.ts';
import { actorOf, system } from '../../../test/support/circles.ts';
import { addMember } from '../circles/commands/add-member.ts';
import { assignHat } from '../circles/commands/assign-hat.ts';
import { createCircle } from '../circles/commands/create-circle.ts';
import { defineHat } from '../circles/commands/define-hat.ts';
import { teams } from '../teams/schema.ts';
import type { HatRole } from '../circles/roles.ts';

type Person = { personId: string; email: string; name: string };
export type Cast = Record<'owner' | 'advocate' | 'member' | 'other' | 'lead' | 'coach' | 'starter' | 'outsider' | 'admin', Person>;

async function wear(deps: { database: Database; clock: FakeClock }, circleId: string, name: string, role: HatRole, personId: string) {
  // No actor: the hat's logbook entry then has no author (the tests' system actor is not a person).
  const { hatId } = await run(deps, null, defineHat, { circleId, name, role, kind: 'operational', purpose: `${name} for the tests.`, responsibilities: 'Help', termMonths: 12, reviewMonths: 6 });
  await run(deps, system, assignHat, { hatId, personId });
}

export async function supportedTeam(deps: { database: Database; clock: FakeClock }) {
  const names = ['owner', 'advocate', 'member', 'other', 'lead', 'coach', 'starter', 'outsider'] as const;
  const cast = {} as Cast;
  for (const n of names) cast[n] = await makePerson(deps, { name: `The ${n}` });
  cast.admin = await makePerson(deps, { admin: true, name: 'The admin' });
  const { circleId: localId } = await run(deps, system, createCircle, { name: 'Local', aim: 'Teams thrive.', domain: 'Teams here.', parentId: null });
  const { circleId: teamId } = await run(deps, system, createCircle, { name: "Olu's Team", kind: 'team', aim: 'Olu lives well.', domain: "Olu's support.", parentId: localId, ownerId: cast.owner.personId });
  await deps.database.db.insert(teams).values({ circleId: teamId, advocateId: cast.advocate.personId, updatedAt: deps.clock.now() });
  for (const n of ['owner', 'member', 'other', 'lead'] as const) await run(deps, system, addMember, { circleId: teamId, personId: cast[n].personId, participation: 'full' });
  for (const n of ['coach', 'starter'] as const) await run(deps, system, addMember, { circleId: localId, personId: cast[n].personId, participation: 'full' });
  await wear(deps, teamId, 'Safeguarding Lead', 'safeguarding-lead', cast.lead.personId);
  await wear(deps, localId, 'Coach', 'coach', cast.coach.personId);
  await wear(deps, localId, 'Team Starter', 'team-starter', cast.starter.personId);
  const actors = Object.fromEntries(Object.entries(cast).map(([k, p]) => [k, { ...actorOf(p), isAdmin: k === 'admin' }])) as Record<keyof Cast, Actor>;
  return { teamId, localId, cast, actors };
}
