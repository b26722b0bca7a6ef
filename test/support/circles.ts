import { addMember } from '../../src/modules/circles/commands/add-member.ts';
import { createCircle } from '../../src/modules/circles/commands/create-circle.ts';
import type { Actor } from '../../src/platform/authz.ts';
import type { FakeClock } from '../../src/platform/clock.ts';
import { run } from '../../src/platform/context.ts';
import type { Database } from '../../src/platform/db.ts';
import { makePerson } from './app.ts';

export const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'System', isAdmin: true, via: 'system' };

export const actorOf = (p: { personId: string; name: string }): Actor => ({ personId: p.personId, name: p.name, isAdmin: false, via: 'session' });

/** A circle with one new person per participation type given, in that order. */
export async function circleWith(
  deps: { database: Database; clock: FakeClock },
  parts: ('full' | 'learning' | 'guest')[],
  options: { parentId?: string | null; name?: string } = {},
) {
  const { circleId } = await run(deps, system, createCircle, {
    name: options.name ?? 'Local',
    aim: 'People find support.',
    domain: 'Teams here.',
    parentId: options.parentId ?? null,
  });
  const people = [];
  for (const participation of parts) {
    const p = await makePerson(deps);
    await run(deps, system, addMember, { circleId, personId: p.personId, participation });
    people.push(p);
  }
  return { circleId, people };
}
