import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import type { Db, Tx } from '../../../platform/db.ts';
import { formatDateTime } from '../../../web/format.ts';
import { Invalid, NotAllowed } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import type { MemberRow } from '../queries.ts';
import { type Attendee, meetings } from './schema.ts';

/**
 * Nobody answers for another person, except the facilitator of a meeting that is on the record
 * (DOMAIN.md 3.1): the meeting is open, its facilitator is a full participant, the person was
 * recorded present, and at least one other full participant checked themselves in, so the
 * facilitator is never alone when recording others. Proposals and selections both use this, so
 * the rule cannot differ between them.
 */
export async function assertMayAnswerFor(
  tx: Tx,
  input: { actor: Actor; circleId: string; meetingId: unknown; personId: string; members: MemberRow[] },
): Promise<{ meetingId: string }> {
  const { actor, personId, members } = input;
  const full = (id: string) => members.some((m) => m.personId === id && m.participation === 'full');
  if (!isUuid(input.meetingId)) {
    throw new NotAllowed('Only the person can give their own answer. In a meeting, its facilitator records the answers of people recorded present.');
  }
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, input.meetingId)).for('update');
  if (!meeting || meeting.circleId !== input.circleId) throw new Invalid({ meetingId: 'Choose an open meeting of this circle' });
  if (meeting.state !== 'open') throw new NotAllowed('Answers are recorded for others only while the meeting is open.');
  if (meeting.facilitatorId !== actor.personId || !full(actor.personId)) {
    throw new NotAllowed("Only the meeting's facilitator, a full participant, records other people's answers.");
  }
  const present = presentMembers(meeting.attendance);
  if (!present.some((a) => a.personId === personId)) throw new Invalid({ personId: 'That person is not recorded present at this meeting' });
  const witnesses = present.filter((a) => a.personId !== actor.personId && a.recordedBy === a.personId && full(a.personId));
  if (witnesses.length === 0) {
    throw new NotAllowed('At least one other full participant must check in to the meeting themselves before the facilitator records answers for others.');
  }
  return { meetingId: meeting.id };
}

/** The people recorded present as members (not guests, not apologies). */
export const presentMembers = (attendance: Attendee[]): Attendee[] => attendance.filter((a) => a.role === 'member');

/** The open meeting of this circle a meeting-mode round happens in, or a clear refusal. */
export async function openMeetingOf(tx: Tx, circleId: string, meetingId: unknown): Promise<string> {
  const [meeting] = isUuid(meetingId) ? await tx.select().from(meetings).where(eq(meetings.id, meetingId)) : [];
  if (!meeting || meeting.circleId !== circleId || meeting.state !== 'open') {
    throw new Invalid({ meetingId: 'A round in a meeting happens in an open meeting of this circle: open the meeting first and choose it' });
  }
  return meeting.id;
}

/** The circle's meetings that are open now, for choosing where a round happens. */
export async function openMeetingsOf(db: Db, circleId: string, tz: string): Promise<{ id: string; label: string }[]> {
  const rows = await db.select({ id: meetings.id, startsAt: meetings.startsAt, place: meetings.place }).from(meetings)
    .where(and(eq(meetings.circleId, circleId), eq(meetings.state, 'open'))).orderBy(asc(meetings.startsAt)).limit(10);
  return rows.map((m) => ({ id: m.id, label: `${formatDateTime(m.startsAt, tz)}, ${m.place}` }));
}
