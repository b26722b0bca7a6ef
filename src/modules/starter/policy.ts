import type { Actor } from '../../platform/authz.ts';
import type { Db } from '../../platform/db.ts';
import { roleHolders } from '../circles/roles.ts';

export interface StarterPeople {
  teamStarters: string[];
  coaches: string[];
}

/** Who wears the Team Starter and Coach roles in this circle now (terms in force), whatever the hats are called. */
export async function starterPeople(db: Db, circleId: string, now: Date): Promise<StarterPeople> {
  return { teamStarters: await roleHolders(db, circleId, ['team-starter'], now), coaches: await roleHolders(db, circleId, ['coach'], now) };
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
