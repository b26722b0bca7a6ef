import { eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db.ts';
import { enqueue, registerJob } from '../../../platform/jobs.ts';
import { notify } from '../../../platform/notify.ts';
import { zonedToUtc } from '../../../platform/zoned-time.ts';
import { getCircle } from '../../circles/queries.ts';
import { starterPeople } from '../policy.ts';
import { starterEnquiries } from '../schema.ts';

export const CHECK_IN_JOB = 'starter.check-in-due';

/** Queue the reminder for the morning of a check-in date (one job per enquiry and date). */
export async function scheduleCheckInReminder(tx: Tx, enquiryId: string, day: string, now: Date): Promise<void> {
  const morning = zonedToUtc(day, '08:00'); // 08:00 on the co-op's clock, not UTC
  await enqueue(tx, { kind: CHECK_IN_JOB, payload: { enquiryId, day }, runAt: morning < now ? now : morning, dedupeKey: `starter-check-in:${enquiryId}:${day}` });
}

/**
 * When a check-in falls due, tell the Local Circle's Team Starters (its Coaches when it has no
 * Team Starter). A date that was moved since, an ended enquiry, or a date already reminded
 * sends nothing: each check-in is reminded once. The notice names no one, because it may go by email.
 */
registerJob(CHECK_IN_JOB, async ({ tx, now }, payload) => {
  const [enquiry] = await tx.select().from(starterEnquiries).where(eq(starterEnquiries.id, String(payload.enquiryId))).for('update');
  if (!enquiry || enquiry.nextCheckIn !== payload.day || enquiry.checkInRemindedFor === payload.day) return;
  if (enquiry.state === 'signposted' || enquiry.state === 'ended') return;
  const circle = await getCircle(tx, enquiry.circleId);
  const who = await starterPeople(tx, enquiry.circleId, now);
  const recipients = who.teamStarters.length > 0 ? who.teamStarters : who.coaches;
  await notify(tx, now, recipients, { text: `A check-in is due for an enquiry in ${circle?.name ?? 'your Local Circle'}`, href: `/enquiries/${enquiry.id}` });
  await tx.update(starterEnquiries).set({ checkInRemindedFor: enquiry.nextCheckIn }).where(eq(starterEnquiries.id, enquiry.id));
});
