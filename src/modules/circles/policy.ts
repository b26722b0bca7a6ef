import type { Actor } from '../../platform/authz.ts';

/** Founding circles and hats are set up by the co-op's admins (and the demo/system). */
export const canSetUpCircles = (actor: Actor | null): boolean => actor === null || actor.isAdmin || actor.via === 'system';

/**
 * Below the top, a circle is created by its parent's consent: a full participant of the
 * parent acts on an adopted decision in the parent's logbook. People join a circle the same
 * way its full participants add them; anyone may leave.
 */
export const canActForCircle = (actor: Actor | null, participation: string | undefined): boolean =>
  canSetUpCircles(actor) || participation === 'full';

/** Transparency is the default: any member sees any circle, except a Team, which only its people see. */
export function canSeeCircle(
  actor: Actor,
  circle: { kind: string; ownerId: string | null },
  isMember: boolean,
): boolean {
  if (circle.kind !== 'team') return true;
  return isMember || circle.ownerId === actor.personId;
}

/**
 * Who reads a confidential item (a logbook entry or a meeting's agenda item: personal matters):
 * the circle's full and learning participants in their terms, direct or by the link hats of a
 * child circle (`member` is their row from circleMembership, which counts both and only hats in
 * force), and a Team's owner. Not a guest, not anyone outside the circle, an admin included. Every path that shows
 * a confidential item (the entry, the logbook list and search, the meeting page and its API,
 * an appeal) asks this.
 */
export const canSeeConfidential = (
  actor: Actor,
  circle: { kind: string; ownerId: string | null },
  member: { participation: string } | undefined,
): boolean =>
  member?.participation === 'full' || member?.participation === 'learning' || (circle.kind === 'team' && circle.ownerId === actor.personId);

/** Leader and Delegate may never be the same person in one circle. */
export const conflictingRole: Record<string, string> = { leader: 'delegate', delegate: 'leader' };
