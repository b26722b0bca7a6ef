import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { circleHats } from '../circles/queries.ts';

/** The hats that start and support teams in a Local Circle, matched by name (circles name their own hats). */
export const starterHatNames = ['team starter', 'coach'] as const;

export interface StarterPeople {
  teamStarters: string[];
  coaches: string[];
}

/** Who wears the Team Starter and Coach hats in this circle now (terms not ended). */
export async function starterPeople(db: Db, circleId: string, now: Date): Promise<StarterPeople> {
  const hats = await circleHats(db, circleId, now);
  const holders = (name: string) => hats.filter((h) => h.name.trim().toLowerCase() === name).flatMap((h) => h.holders.map((x) => x.personId));
  return { teamStarters: holders('team starter'), coaches: holders('coach') };
}

/**
 * Only the circle's Team Starters and Coaches run its enquiries. Admins are not included:
 * what someone tells a Team Starter about their life is not the co-op office's business.
 */
export const canRunEnquiries = (actor: Actor | null, p: StarterPeople): boolean =>
  !!actor && (p.teamStarters.includes(actor.personId) || p.coaches.includes(actor.personId));

/** Why this person may read the enquiry (for the access log), or null when they may not. */
export function readReason(actor: Actor | null, p: StarterPeople, enquiry: { personId: string | null }): string | null {
  if (!actor) return null;
  if (p.teamStarters.includes(actor.personId)) return 'Team Starter of the Local Circle';
  if (p.coaches.includes(actor.personId)) return 'Coach of the Local Circle';
  if (enquiry.personId === actor.personId) return 'their own enquiry';
  return null;
}
