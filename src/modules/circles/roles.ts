import { type SQL, and, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { isoDate } from './dates.ts';
import { hatAssignments, hatDefinitions } from './schema.ts';

/**
 * The roles a hat can carry. Rights come from these, never from a hat's name: a circle names
 * its hats freely ("Rota Wrangler", "Chair") without gaining or losing anything by the name.
 * A hat with no role carries responsibilities but no platform rights.
 */
export const hatRoles = {
  // Circle process roles: every circle has them (create-circle.ts makes the hats).
  leader: 'Leader',
  delegate: 'Delegate',
  facilitator: 'Facilitator',
  secretary: 'Secretary',
  'logbook-keeper': 'Logbook Keeper',
  // Operational roles a Local Circle gives: starting and supporting teams.
  'team-starter': 'Team Starter',
  coach: 'Coach',
  // Team roles.
  'rota-holder': 'Rota Holder',
  'profile-holder': 'Profile Holder',
  'mar-holder': 'MAR Holder',
  'team-chat-admin': 'Team Chat Admin',
  'check-in-facilitator': 'Check-in Facilitator',
  'safeguarding-lead': 'Safeguarding Lead',
  'support-coordinator': 'Support Coordinator',
  'membership-holder': 'Membership Holder',
} as const;

export type HatRole = keyof typeof hatRoles;
export const hatRoleKeys = Object.keys(hatRoles) as [HatRole, ...HatRole[]];

/** The roles every circle has as process hats; a circle cannot define another hat with one. */
export const processRoles: readonly HatRole[] = ['leader', 'delegate', 'facilitator', 'secretary', 'logbook-keeper'];

/** The roles a circle or team may give a hat it defines (one hat per role in a circle). */
export const definableRoles = hatRoleKeys.filter((r) => !processRoles.includes(r)) as [HatRole, ...HatRole[]];

/**
 * A hat assignment is in force from the first day of its term to the last, unless ended: a
 * term that has not started gives no rights yet, and one that has ended gives none any more.
 */
export function hatInForce(today: string): SQL {
  return and(isNull(hatAssignments.endedAt), lte(hatAssignments.termStart, today), gte(hatAssignments.termEnd, today)) as SQL;
}

/** The same rule for raw SQL, with the assignment table aliased as `alias`. */
export const hatInForceSql = (alias: string, today: string): SQL =>
  sql`${sql.raw(alias)}.ended_at IS NULL AND ${sql.raw(alias)}.term_start <= ${today}::date AND ${sql.raw(alias)}.term_end >= ${today}::date`;

/** Circles in which the person wears a hat with one of these roles today. */
export async function circlesWhereRole(db: Db, personId: string, roles: readonly HatRole[], now: Date): Promise<string[]> {
  const rows = await db
    .select({ circleId: hatAssignments.circleId })
    .from(hatAssignments)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
    .where(and(eq(hatAssignments.personId, personId), hatInForce(isoDate(now)), inArray(hatDefinitions.role, [...roles])));
  return [...new Set(rows.map((r) => r.circleId))];
}

/** Who wears a hat with one of these roles in the circle today. */
export async function roleHolders(db: Db, circleId: string, roles: readonly HatRole[], now: Date): Promise<string[]> {
  const rows = await db
    .select({ personId: hatAssignments.personId })
    .from(hatAssignments)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
    .where(and(eq(hatAssignments.circleId, circleId), hatInForce(isoDate(now)), inArray(hatDefinitions.role, [...roles])));
  return [...new Set(rows.map((r) => r.personId))];
}

export async function wearsRole(db: Db, circleId: string, personId: string, roles: readonly HatRole[], now: Date): Promise<boolean> {
  return (await roleHolders(db, circleId, roles, now)).includes(personId);
}
