import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { isUuid } from '../../../platform/ids.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Db, Tx } from '../../../platform/db.ts';
import { events } from '../../../platform/schema.ts';
import { circlesWhereRole } from '../../circles/roles.ts';
import { circles } from '../../circles/schema.ts';
import { type TeamFacts, isInTeam } from '../../teams/policy.ts';

/** Why someone outside the team may open its records for a while, with a written reason (issue 5 part 5). */
export const specialPurposes = ['safeguarding', 'quality audit', 'regulator'] as const;
export type SpecialPurpose = (typeof specialPurposes)[number];

/** The event that IS the grant: no table of its own, so opening records needs no schema change. */
export const RECORDS_OPENED = 'care.records-opened';
export const GRANT_HOURS = 24;

export interface Grant {
  purpose: SpecialPurpose;
  reason: string;
  until: Date;
}

/**
 * The person's grant to read this team's records, if one is in force now. Grants are events on
 * the team's circle (read through the events subject index), newest first; a few suffice since
 * only the latest unexpired one matters.
 */
export async function activeGrant(db: Db | Tx, personId: string, teamId: string, now: Date): Promise<Grant | null> {
  const rows = await db
    .select({ data: events.data })
    .from(events)
    .where(and(eq(events.subjectType, 'circle'), eq(events.subjectId, teamId), eq(events.type, RECORDS_OPENED), sql`${events.data}->>'personId' = ${personId}`))
    .orderBy(desc(events.seq))
    .limit(20);
  for (const { data } of rows) {
    const d = data as { purpose?: string; reason?: string; until?: string };
    const until = new Date(String(d.until));
    if (until > now && specialPurposes.includes(d.purpose as SpecialPurpose)) return { purpose: d.purpose as SpecialPurpose, reason: String(d.reason ?? ''), until };
  }
  return null;
}

/** How a special read is explained in the access log, and recognised on the owner's page. */
export const grantReason = (g: Pick<Grant, 'purpose' | 'reason'>): string => `${g.purpose}: ${g.reason}`;
export const isSpecialReason = (reason: string): boolean => specialPurposes.some((p) => reason.startsWith(`${p}: `));

/**
 * Why this person may read a team's care records (notes, logs, MAR), or null: then they get
 * "not found", admins included. The owner's side always may; the team's members may unless the
 * record is restricted to chosen people (`restrictedTo`, e.g. a note's chosen readers with its
 * author); anyone else only under a special-access grant in force, whose purpose and reason
 * become the logged reason. Other care helpers call this to decide a reader's logged reason.
 */
export async function recordReadReason(db: Db | Tx, actor: Actor | null, facts: TeamFacts, now: Date, restrictedTo?: readonly string[]): Promise<string | null> {
  if (!actor) return null;
  if (actor.personId === facts.team.ownerId) return 'team owner';
  if (actor.personId === facts.advocateId) return "team owner's advocate";
  if (isInTeam(actor, facts) && (!restrictedTo || restrictedTo.includes(actor.personId))) return restrictedTo ? 'chosen to read it' : 'team member';
  const grant = await activeGrant(db, actor.personId, facts.team.id, now);
  return grant ? grantReason(grant) : null;
}


/**
 * The teams this person may open records of, for each purpose: safeguarding for teams where
 * they are the Safeguarding Lead or whose Local Circle they coach; quality audit and regulator
 * for co-op admins, any team. Found by a search (issue 20: an admin may open any of thousands
 * of teams): those whose name holds `search`, or the one team `only`, in name order, at most
 * `limit`.
 */
export async function openableTeams(db: Db | Tx, actor: Actor, now: Date, options: { search?: string; only?: string; limit?: number } = {}): Promise<{ id: string; name: string; purposes: SpecialPurpose[] }[]> {
  // The team's own Safeguarding Lead, the Local Circle's Coach: by the hats' roles, not their names.
  const leads = await circlesWhereRole(db, actor.personId, ['safeguarding-lead'], now);
  const coached = await circlesWhereRole(db, actor.personId, ['coach'], now);
  const mine = or(leads.length ? inArray(circles.id, leads) : undefined, coached.length ? inArray(circles.parentId, coached) : undefined);
  if (!actor.isAdmin && !mine) return [];
  const search = options.search?.trim();
  const rows = await db
    .select({ id: circles.id, name: circles.name, safeguarding: mine ? sql<boolean>`${mine}` : sql<boolean>`false` })
    .from(circles)
    .where(and(
      eq(circles.kind, 'team'),
      actor.isAdmin ? undefined : mine,
      search ? ilike(circles.name, `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
      options.only !== undefined ? (isUuid(options.only) ? eq(circles.id, options.only) : sql`false`) : undefined,
    ))
    .orderBy(asc(circles.name), asc(circles.id))
    .limit(options.limit ?? 500);
  return rows
    .map((t) => ({ id: t.id, name: t.name, purposes: specialPurposes.filter((p) => (p === 'safeguarding' ? Boolean(t.safeguarding) : actor.isAdmin)) }))
    .filter((t) => t.purposes.length > 0);
}

/** The purposes this person may open records for at all, whichever team: what the form offers. */
export async function openablePurposes(db: Db | Tx, actor: Actor, now: Date): Promise<SpecialPurpose[]> {
  const safeguarding = (await circlesWhereRole(db, actor.personId, ['safeguarding-lead', 'coach'], now)).length > 0;
  return specialPurposes.filter((p) => (p === 'safeguarding' ? safeguarding : actor.isAdmin));
}
