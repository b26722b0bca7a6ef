import type { Actor } from '../../platform/authz.ts';
import type { MemberRow } from '../circles/queries.ts';

/**
 * Who acts for a circle's survey: its full participants (they open a round on the circle's
 * decision, close it early, add the circle's own statements, put results on the agenda).
 * Admins have no say in a circle's work by being admins (DOMAIN.md 3.1, ADR 0017).
 */
export const runsSurveys = (actor: Actor, members: MemberRow[]): boolean =>
  members.some((m) => m.personId === actor.personId && m.participation === 'full');

/**
 * Who reads a closed round's results (sums over groups of five or more, never one person's
 * answer): the circle's members, the people it asked, and the co-op's admins.
 */
export const seesResults = (actor: Actor, members: MemberRow[], asked: boolean): boolean =>
  asked || actor.isAdmin || members.some((m) => m.personId === actor.personId);

/** The round's one transition: open -> closed (by its close date, or early by the circle). */
export const roundNext = { close: { from: 'open', to: 'closed' } } as const;
