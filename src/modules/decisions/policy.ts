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

/**
 * The author, the proposal's facilitator, or whoever wears the circle's Facilitator hat steers
 * the process, while they are a full or learning participant of the circle: someone who has
 * left (or whose term has ended) steers nothing, whatever they did before.
 */
export const canSteer = (actor: Actor, p: { authorId: string; facilitatorId: string }, s: Standing): boolean =>
  canPropose(s) && (actor.personId === p.authorId || actor.personId === p.facilitatorId || s.isFacilitatorHat);

/**
 * Answering for someone else is never a matter of standing alone: it needs a meeting on the
 * record (circles/meetings/on-the-record.ts decides). Everyone else answers only for themselves.
 */
export const answersForSelf = (actor: Actor, personId: string): boolean => actor.personId === personId;
