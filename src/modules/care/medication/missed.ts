import { and, gt, gte, isNull, lte, or } from 'drizzle-orm';
import { DAY, MINUTE } from '../../../platform/clock.ts';
import type { Tx } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { enqueue, registerJob } from '../../../platform/jobs.ts';
import { notify } from '../../../platform/notify.ts';
import { careFacts } from '../policy.ts';
import { medicationDoses, medicines } from '../schema.ts';
import { addDays, localDay, localTime, zonedInstant } from './time.ts';

export const MISSED_JOB = 'care.mar-missed-doses';
/** A dose with no outcome this long after it was due is flagged. */
export const MISSED_AFTER = 60 * MINUTE;
const SCAN_EVERY = 15 * MINUTE;
/** How far back a scan looks: a job runner that was down for days still flags what it missed. */
const LOOKBACK = 7 * DAY;

/**
 * Queue the scan for the next quarter hour. The dedupe key names the slot, so however many
 * instances or commands ask, each slot's scan is queued and run once.
 */
export async function scheduleMissedDoseScan(tx: Tx, after: Date): Promise<void> {
  const slot = new Date(Math.floor(after.getTime() / SCAN_EVERY) * SCAN_EVERY + SCAN_EVERY);
  await enqueue(tx, { kind: MISSED_JOB, runAt: slot, dedupeKey: `${MISSED_JOB}:${slot.toISOString()}` });
}

/**
 * Find scheduled doses due more than an hour ago with nothing recorded, write each as a
 * flagged row, and tell the MAR Holders (the owner's side where the team has none). The row is
 * inserted only if none exists for that dose, so each dose is flagged and told about once.
 */
export async function flagMissedDoses(tx: Tx, now: Date): Promise<number> {
  const from = new Date(now.getTime() - LOOKBACK);
  const upTo = new Date(now.getTime() - MISSED_AFTER);
  const active = await tx
    .select()
    .from(medicines)
    .where(and(lte(medicines.startsOn, localDay(upTo)), or(isNull(medicines.endsOn), gte(medicines.endsOn, localDay(from))), or(isNull(medicines.stoppedAt), gt(medicines.stoppedAt, from))))
    .orderBy(medicines.id)
    .limit(2000);
  let flagged = 0;
  for (const m of active) {
    const due: Date[] = [];
    for (let d = localDay(from) > m.startsOn ? localDay(from) : m.startsOn; d <= localDay(upTo) && (!m.endsOn || d <= m.endsOn); d = addDays(d, 1)) {
      for (const time of m.times) {
        const at = zonedInstant(d, time);
        if (at >= from && at <= upTo && at >= m.createdAt && (!m.stoppedAt || at < m.stoppedAt)) due.push(at);
      }
    }
    if (due.length === 0) continue;
    const inserted = await tx
      .insert(medicationDoses)
      .values(due.map((dueAt) => ({ id: newId(), medicineId: m.id, teamId: m.teamId, dueAt, flaggedAt: now })))
      .onConflictDoNothing()
      .returning({ dueAt: medicationDoses.dueAt });
    if (inserted.length === 0) continue;
    const facts = await careFacts(tx, m.teamId, now);
    const tell = facts.marHolders.length ? facts.marHolders : [facts.team.ownerId, ...(facts.advocateId ? [facts.advocateId] : [])];
    // The notice may be emailed: it names the team and the time, never the medicine.
    for (const { dueAt } of inserted) {
      const day = localDay(dueAt);
      await notify(tx, now, tell, { text: `A dose due at ${localTime(dueAt)} on ${day} for ${facts.team.name} was not recorded. Please check the MAR.`, href: `/teams/${m.teamId}/mar?date=${day}` });
    }
    flagged += inserted.length;
  }
  return flagged;
}

/** The scan keeps itself going while any medicine is current; adding a medicine starts it again. */
registerJob(MISSED_JOB, async ({ tx, now }) => {
  await flagMissedDoses(tx, now);
  const today = localDay(now);
  const [current] = await tx.select({ id: medicines.id }).from(medicines).where(and(isNull(medicines.stoppedAt), or(isNull(medicines.endsOn), gte(medicines.endsOn, addDays(today, -1))))).limit(1);
  if (current) await scheduleMissedDoseScan(tx, now);
});
