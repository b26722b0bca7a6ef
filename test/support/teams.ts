import { addMember } from '../../src/modules/circles/commands/add-member.ts';
import { createCircle } from '../../src/modules/circles/commands/create-circle.ts';
import type { Actor } from '../../src/platform/authz.ts';
import type { FakeClock } from '../../src/platform/clock.ts';
import { run } from '../../src/platform/context.ts';
import type { Database } from '../../src/platform/db.ts';
import { makePerson } from './app.ts';
import { actorOf, system } from './circles.ts';

/** A Local Circle with a Team under it: its owner and the given number of other members. */
export async function teamWith(deps: { database: Database; clock: FakeClock }, others = 1) {
  const { circleId: localId } = await run(deps, system, createCircle, { name: 'Local', aim: 'People find support.', domain: 'Teams here.' });
  const owner = await makePerson(deps, { name: 'Owner' });
  const { circleId: teamId } = await run(deps, system, createCircle, { name: "Owner's Team", kind: 'team', ownerId: owner.personId, aim: 'Owner lives well.', domain: 'Support.', parentId: localId });
  await run(deps, system, addMember, { circleId: teamId, personId: owner.personId });
  const members: Actor[] = [];
  for (let i = 0; i < others; i += 1) {
    const p = await makePerson(deps, { name: `Member ${i + 1}` });
    await run(deps, system, addMember, { circleId: teamId, personId: p.personId });
    members.push(actorOf(p));
  }
  return { localId, teamId, owner: actorOf(owner), ownerEmail: owner.email, members };
}
