import { and, desc, eq, inArray, sql } from 'drizzle-orm';
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
 * for co-op admins, any team. Bounded: a co-op with more teams than this is searched by id.
 */
export async function openableTeams(db: Db | Tx, actor: Actor, now: Date): Promise<{ id: string; name: string; purposes: SpecialPurpose[] }[]> {
  // The team's own Safeguarding Lead, the Local Circle's Coach: by the hats' roles, not their names.
  const leads = await circlesWhereRole(db, actor.personId, ['safeguarding-lead'], now);
  const coached = await circlesWhereRole(db, actor.personId, ['coach'], now);
  const teamRows = (where: ReturnType<typeof and>) =>
    db.select({ id: circles.id, name: circles.name }).from(circles).where(and(eq(circles.kind, 'team'), where)).orderBy(circles.name).limit(500);
  const safeguarding = new Map<string, string>();
  if (leads.length) for (const t of await teamRows(inArray(circles.id, leads))) safeguarding.set(t.id, t.name);
  if (coached.length) for (const t of await teamRows(inArray(circles.parentId, coached))) safeguarding.set(t.id, t.name);
  const all = actor.isAdmin ? await teamRows(undefined) : [...safeguarding].map(([id, name]) => ({ id, name }));
  return all
    .map((t) => ({ ...t, purposes: specialPurposes.filter((p) => (p === 'safeguarding' ? safeguarding.has(t.id) : actor.isAdmin)) }))
    .filter((t) => t.purposes.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}
