// Small factories for the matching tests: a Local Circle with a Team Starter, a team under it,
// and supporters with Giving Support Profiles.
import type { Actor } from '../../platform/authz.ts';
import type { FakeClock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import type { Database } from '../../platform/db.ts';
import { addMember } from '../circles/commands/add-member.ts';
import { assignHat } from '../circles/commands/assign-hat.ts';
import { createCircle } from '../circles/commands/create-circle.ts';
import { defineHat } from '../circles/commands/define-hat.ts';
import { makePerson } from '../../../test/support/app.ts';
import { actorOf, system } from '../../../test/support/circles.ts';
import { saveGivingProfile } from './commands/save-giving-profile.ts';

type Deps = { database: Database; clock: FakeClock };
export type Person = { personId: string; email: string; name: string };

export const baseProfile = {
  aboutMe: 'I like people and I am patient.',
  postcode: 'HX1 2AB',
  travelMiles: '10',
  driver: 'yes',
  givesAs: 'paid',
  supportOffered: ['companionship', 'shopping'],
  hourlyRate: '',
  experience: 'Five years of home care.',
  expertise: ['dementia'],
  qualifications: 'Care Certificate, 2021-04',
  languages: 'English',
  availability: ['mon-morning', 'tue-morning'],
  openToNewTeams: 'yes',
};

/** A new person with a Giving Support Profile: the base one with the given changes. */
export async function supporter(deps: Deps, changes: Record<string, unknown> = {}, name?: string): Promise<Person> {
  const p = await makePerson(deps, name ? { name } : {});
  await run(deps, actorOf(p), saveGivingProfile, { ...baseProfile, ...changes });
  return p;
}

/**
 * A Local Circle whose Team Starter is `starter`, and a team under it owned by `owner`, with
 * `members` in the team.
 */
export async function localWithTeam(deps: Deps) {
  const { circleId: localId } = await run(deps, system, createCircle, { name: 'Local', aim: 'Teams start here.', domain: 'Teams.', parentId: null });
  const [starter, owner, member, outsider] = [await makePerson(deps, { name: 'Starter' }), await makePerson(deps, { name: 'Owner' }), await makePerson(deps, { name: 'Member' }), await makePerson(deps, { name: 'Outsider' })] as [Person, Person, Person, Person];
  await run(deps, system, addMember, { circleId: localId, personId: starter.personId, participation: 'full' });
  const { hatId } = await run(deps, null, defineHat, { circleId: localId, name: 'Team Starter', role: 'team-starter', purpose: 'Start teams.', responsibilities: 'Start teams', termMonths: 12, reviewMonths: 6 });
  await run(deps, system, assignHat, { hatId, personId: starter.personId });
  const { circleId: teamId } = await run(deps, system, createCircle, { name: "Owner's Team", aim: 'Owner lives well.', domain: 'Support.', parentId: localId, kind: 'team', ownerId: owner.personId });
  for (const p of [owner, member]) await run(deps, system, addMember, { circleId: teamId, personId: p.personId, participation: 'full' });
  return { localId, teamId, starter, owner, member, outsider, as: (p: Person): Actor => actorOf(p) };
}
