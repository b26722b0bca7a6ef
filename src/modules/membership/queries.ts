import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';
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
export async function membersRegister(db: Db) {
  return db
    .select({
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
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .orderBy(asc(people.name), asc(memberships.memberClass))
    .limit(5000);
}

export async function pendingWithdrawals(db: Db) {
  const rows = await db.select({ m: shareMovements, name: people.name }).from(shareMovements).innerJoin(people, eq(people.id, shareMovements.personId)).orderBy(asc(shareMovements.at));
  const settled = (kind: string, id: string) => rows.some((r) => r.m.kind === kind && r.m.requestId === id);
  return rows
    .filter((r) => r.m.kind === 'withdrawal_request' && !settled('withdrawn', r.m.id))
    .map((r) => ({ id: r.m.id, name: r.name, amountPence: r.m.amountPence, at: r.m.at, approved: settled('withdrawal_approved', r.m.id) }));
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
