import { addMember } from '../../src/modules/circles/commands/add-member.ts';
import { createCircle } from '../../src/modules/circles/commands/create-circle.ts';
import type { Actor } from '../../src/platform/authz.ts';
import type { FakeClock } from '../../src/platform/clock.ts';
import { run } from '../../src/platform/context.ts';
import type { Database } from '../../src/platform/db.ts';
import { newId } from '../../src/platform/ids.ts';
import { isoDate } from '../../src/modules/circles/dates.ts';
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

/**
 * Rows to insert straight into hat_definitions and hat_assignments, for the tests that compare
 * a statement with the old reads on hats in every state (held, ended, run out, not yet begun).
 */
export function hatRows(now: Date) {
  const hat = (circleId: string, name: string, role: string | null) =>
    ({ id: newId(), circleId, role, name, kind: 'operational' as const, purpose: 'p', responsibilities: ['r'], termMonths: 12, reviewMonths: 6, createdAt: now });
  const term = (h: { id: string; circleId: string }, personId: string, from: string, to: string, endedAt: Date | null = null) =>
    ({ id: newId(), hatId: h.id, circleId: h.circleId, personId, termStart: from, termEnd: to, reviewDate: to, chosenBy: 'appointed' as const, endedAt, createdAt: now });
  /** The co-op's day n days from now, as a term's date. */
  const day = (n: number) => isoDate(new Date(now.getTime() + n * 86_400_000));
  return { hat, term, day };
}
