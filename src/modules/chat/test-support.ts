// Small factories for the chat's tests: circles and teams with people in them.
import { makePerson } from '../../../test/support/app.ts';
import { actorOf, circleWith, system } from '../../../test/support/circles.ts';
import type { FakeClock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import type { Database } from '../../platform/db.ts';
import { addMember } from '../circles/commands/add-member.ts';
import { createCircle } from '../circles/commands/create-circle.ts';
import { teams } from '../teams/schema.ts';
import { postMessage } from './commands/post-message.ts';
// The event hook that writes system messages is registered by importing the module.
import './system-messages.ts';

export type Deps = { database: Database; clock: FakeClock };

/** The first (or first two) of the people a factory made, typed as present. */
export function first<T>(list: T[]): T {
  const item = list[0];
  if (!item) throw new Error('expected at least one person');
  return item;
}
export const pair = <T>(list: T[]): [T, T] => [first(list), first(list.slice(1))];
export { actorOf, circleWith, system };

/** A Team owned by a new person, with the given number of members and (optionally) an advocate among them. */
export async function teamWith(deps: Deps, members: number, options: { advocate?: boolean } = {}) {
  const owner = await makePerson(deps, { name: 'Olive Owner' });
  const { circleId: local } = await run(deps, system, createCircle, { name: 'Local', aim: 'a', domain: 'd', parentId: null });
  const { circleId: teamId } = await run(deps, system, createCircle, { name: "Olive's Team", kind: 'team', aim: 'a', domain: 'd', parentId: local, ownerId: owner.personId });
  const people = [];
  for (let i = 0; i < members; i++) {
    const p = await makePerson(deps);
    await run(deps, system, addMember, { circleId: teamId, personId: p.personId });
    people.push(p);
  }
  const advocate = options.advocate ? await makePerson(deps, { name: 'Ada Advocate' }) : null;
  // The advocate is named here directly: what matters to the chat is only who the team says it is.
  if (advocate) await deps.database.db.insert(teams).values({ circleId: teamId, advocateId: advocate.personId, updatedAt: deps.clock.now() });
  return { teamId, owner, people, advocate };
}

/** Post a message a second after the last thing that happened, so the channel's order is the order written. */
export function say(deps: Deps, who: { personId: string; name: string }, circleId: string, body: string, options: { sameInstant?: boolean } = {}) {
  if (!options.sameInstant) deps.clock.advance(1000);
  return run(deps, actorOf(who), postMessage, { circleId, body });
}
