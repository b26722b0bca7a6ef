import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
import { type From, keyset, pageOf } from '../../platform/keyset.ts';
import { people } from '../people/schema.ts';
import { attendance, generalMeetings, membershipChanges, memberships, proxies, resolutions, shareMovements, votes } from './schema.ts';

export async function myMemberships(db: Db, personId: string) {
  const rows = await db.select().from(memberships).where(eq(memberships.personId, personId)).orderBy(asc(memberships.appliedAt));
  const history = rows.length
    ? await db.select().from(membershipChanges).where(inArray(membershipChanges.membershipId, rows.map((r) => r.id))).orderBy(asc(membershipChanges.at))
    : [];
  const shares = await db.select().from(shareMovements).where(eq(shareMovements.personId, personId)).orderBy(desc(shareMovements.at));
  return { rows, history, shares };
}

/** The members' register for the Secretary: every membership with its dates. */
const registerColumns = {
  id: memberships.id,
      name: people.name,
      email: people.email,
      memberClass: memberships.memberClass,
      state: memberships.state,
      actingFor: memberships.actingFor,
      workerKind: memberships.workerKind,
      appliedAt: memberships.appliedAt,
      admittedAt: memberships.admittedAt,
      endedAt: memberships.endedAt,
};

export async function membersRegister(db: Db) {
  return db
    .select(registerColumns)
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .orderBy(asc(people.name), asc(memberships.memberClass))
    .limit(5000);
}

/**
 * A page of the members' register in name order (ADR 0029): at most `limit` memberships after
 * or before a cursor of (name, membership id), and the cursors of the pages either side.
 */
export async function membersRegisterPage(db: Db, from: From, limit = 100) {
  const page = keyset(people.name, memberships.id, from, 'asc');
  const rows = await db.select(registerColumns).from(memberships).innerJoin(people, eq(people.id, memberships.personId)).where(page.where).orderBy(...page.orderBy).limit(limit + 1);
  return pageOf(rows, from, limit, (r) => ({ at: r.name, id: r.id }));
}

/**
 * Withdrawal requests not yet paid, oldest first, whether approved: at most `limit` (they are
 * acted on, so few wait), read without the co-op's whole history of movements.
 */
export async function pendingWithdrawals(db: Db, limit = 100) {
  const settled = (kind: string) => sql<boolean>`EXISTS (SELECT 1 FROM share_movements s WHERE s.kind = ${kind} AND s.request_id = ${shareMovements.id})`;
  const rows = await db
    .select({ id: shareMovements.id, name: people.name, amountPence: shareMovements.amountPence, at: shareMovements.at, approved: settled('withdrawal_approved') })
    .from(shareMovements)
    .innerJoin(people, eq(people.id, shareMovements.personId))
    .where(and(eq(shareMovements.kind, 'withdrawal_request'), sql`NOT ${settled('withdrawn')}`))
    .orderBy(asc(shareMovements.at), asc(shareMovements.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, approved: Boolean(r.approved) }));
}

export async function listGeneralMeetings(db: Db) {
  return db.select().from(generalMeetings).orderBy(desc(generalMeetings.startsAt)).limit(100);
}

export async function generalMeetingDetail(db: Db, meetingId: string, viewerId: string) {
  const [meeting] = await db.select().from(generalMeetings).where(eq(generalMeetings.id, meetingId));
  if (!meeting) return null;
  const present = await db.select({ personId: attendance.personId, name: people.name }).from(attendance).innerJoin(people, eq(people.id, attendance.personId)).where(eq(attendance.meetingId, meetingId));
  const proxyRows = await db.select().from(proxies).where(eq(proxies.meetingId, meetingId));
  const items = await db.select().from(resolutions).where(eq(resolutions.meetingId, meetingId)).orderBy(asc(resolutions.createdAt));
  const myVotes = items.length
    ? await db.select().from(votes).where(and(inArray(votes.resolutionId, items.map((i) => i.id)), eq(votes.memberId, viewerId)))
    : [];
  const counts = new Map<string, number>();
  for (const p of proxyRows) counts.set(p.holderId, (counts.get(p.holderId) ?? 0) + 1);
  return {
    meeting,
    present,
    myProxy: proxyRows.find((p) => p.grantorId === viewerId) ?? null,
    grantorsForMe: proxyRows.filter((p) => p.holderId === viewerId).map((p) => p.grantorId),
    resolutions: items,
    myVotes,
  };
}
