import type { Actor } from '../../platform/authz.ts';
import type { MemberRow } from '../circles/queries.ts';

/** What the asker is in the proposal's circle. Guests and outsiders can watch, never consent or object. */
export interface Standing {
  member: MemberRow | undefined;
  isFacilitatorHat: boolean;
}

export const isFull = (s: Standing): boolean => s.member?.participation === 'full';

/** Full and learning participants may bring proposals; guests may not. */
export const canPropose = (s: Standing): boolean =>
  s.member?.participation === 'full' || s.member?.participation === 'learning';

/** Any member of the circle (guests included) may follow the process, ask and react. */
export const canTakePart = (s: Standing): boolean => s.member !== undefined;

/** The author, the proposal's facilitator, or whoever wears the circle's Facilitator hat steers the process. */
export const canSteer = (actor: Actor, p: { authorId: string; facilitatorId: string }, s: Standing): boolean =>
  actor.personId === p.authorId || actor.personId === p.facilitatorId || s.isFacilitatorHat;

/** In a meeting the facilitator records each person's answer; online each answers for themselves. */
export const canRecordFor = (
  actor: Actor,
  p: { facilitatorId: string; mode: 'meeting' | 'online' },
  s: Standing,
  personId: string,
): boolean => actor.personId === personId || (p.mode === 'meeting' && (actor.personId === p.facilitatorId || s.isFacilitatorHat));
