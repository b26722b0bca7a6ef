import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { createLogsForVisit } from '../logs/create-log.ts';
import { careFacts } from '../policy.ts';
import { visitSeries, visitSupporters, visits } from '../schema.ts';
import { occurrences } from './recurrence.ts';
import { DAY_MS, wallClock } from './times.ts';

// What the commands and the jobs share: writing a series out, queueing a visit's reminder and
// end, and ending a visit. None of these checks policy: their callers have.

export type Visit = typeof visits.$inferSelect;
export type Series = typeof visitSeries.$inferSelect;

/** How far ahead a series' visits exist as rows; a job writes more as time passes. */
export const HORIZON_DAYS = 56;
export const REMIND_BEFORE_MS = DAY_MS;
export const JOB = { remind: 'care.visit-remind', end: 'care.visit-end', extend: 'care.visit-series-extend' } as const;

/**
 * Queue the reminder (a day before) and the end of a visit as it now stands. Each job carries
 * the times it was queued for and does nothing if the visit has moved since, so a rearranged
 * visit simply gets new jobs and the old ones fall away.
 */
export async function scheduleVisitJobs(tx: Tx, now: Date, v: Pick<Visit, 'id' | 'startsAt' | 'endsAt'>): Promise<void> {
  const stamp = `${v.id}:${v.startsAt.getTime()}:${v.endsAt.getTime()}:${now.getTime()}`;
  const payload = { visitId: v.id, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString() };
  await enqueue(tx, { kind: JOB.remind, payload, runAt: new Date(Math.max(now.getTime(), v.startsAt.getTime() - REMIND_BEFORE_MS)), dedupeKey: `visit-remind:${stamp}` });
  await enqueue(tx, { kind: JOB.end, payload, runAt: v.endsAt, dedupeKey: `visit-end:${stamp}` });
}

export async function addSupporters(tx: Tx, now: Date, visitsJoined: Pick<Visit, 'id' | 'startsAt'>[], supporterIds: string[]): Promise<void> {
  const rows = visitsJoined.flatMap((v) => supporterIds.map((personId) => ({ visitId: v.id, startsAt: v.startsAt, personId, joinedAt: now })));
  if (rows.length) await tx.insert(visitSupporters).values(rows).onConflictDoNothing();
}

/**
 * Write out a series' occurrences after `writtenUntil` up to the horizon. Each is keyed by its
 * original start, so an occurrence already written (and perhaps moved or cancelled since) is
 * never touched again. New ones take the given supporters (at booking) or else those of the
 * series' latest visit. Returns how many were written.
 */
export async function extendSeries(tx: Tx, now: Date, series: Series, supporters?: string[]): Promise<number> {
  const until = new Date(Math.max(now.getTime(), series.firstStartsAt.getTime()) + HORIZON_DAYS * DAY_MS);
  if (until <= series.writtenUntil) return 0;
  const first = wallClock(series.firstStartsAt);
  const all = occurrences(series.rule, first.date, first.time).filter((at) => !series.endedAt || at < series.endedAt);
  const due = all.filter((at) => at > series.writtenUntil && at <= until);
  let supporterIds = supporters ?? [];
  if (!supporters) {
    const [latest] = await tx.select({ id: visits.id }).from(visits).where(and(eq(visits.seriesId, series.id), isNotNull(visits.originalStartsAt))).orderBy(desc(visits.originalStartsAt)).limit(1);
    supporterIds = latest ? (await tx.select({ personId: visitSupporters.personId }).from(visitSupporters).where(eq(visitSupporters.visitId, latest.id))).map((s) => s.personId) : [];
  }
  const written = await writeOccurrences(tx, now, series, due, supporterIds);
  await tx.update(visitSeries).set({ writtenUntil: until }).where(eq(visitSeries.id, series.id));
  const more = all.some((at) => at > until);
  // Half-way to the horizon, write the next stretch; a finished series needs no more runs.
  if (more) await enqueue(tx, { kind: JOB.extend, payload: { seriesId: series.id }, runAt: new Date(until.getTime() - (HORIZON_DAYS / 2) * DAY_MS), dedupeKey: `visit-series-extend:${series.id}:${until.getTime()}` });
  return written.length;
}

export async function writeOccurrences(tx: Tx, now: Date, series: Series, starts: Date[], supporterIds: string[]): Promise<Visit[]> {
  if (starts.length === 0) return [];
  const rows = starts.map((at) => ({
    id: newId(), teamId: series.teamId, seriesId: series.id, originalStartsAt: at, kind: series.kind,
    startsAt: at, endsAt: new Date(at.getTime() + series.durationMinutes * 60_000), place: series.place, notes: series.notes,
    state: 'booked' as const, createdBy: series.createdBy, createdAt: now, updatedAt: now,
  }));
  const written = await tx.insert(visits).values(rows).onConflictDoNothing({ target: [visits.seriesId, visits.originalStartsAt] }).returning();
  await addSupporters(tx, now, written, supporterIds);
  for (const v of written) await scheduleVisitJobs(tx, now, v);
  return written;
}

export async function supportersOf(tx: Tx, visitIds: string[]): Promise<Map<string, string[]>> {
  const rows = visitIds.length ? await tx.select().from(visitSupporters).where(inArray(visitSupporters.visitId, visitIds)) : [];
  const map = new Map<string, string[]>(visitIds.map((id) => [id, []]));
  for (const r of rows) map.get(r.visitId)?.push(r.personId);
  return map;
}

/**
 * End a booked visit (at `endsAt`, which is earlier when ended early) and open a pending care
 * log for each supporter. The state check is in the UPDATE itself, so a second run, or a job
 * and a person ending it at once, writes nothing more. Returns false if it was not booked.
 */
export async function finishVisit(ctx: Ctx, visitId: string, endsAt: Date): Promise<boolean> {
  const [row] = await ctx.tx.update(visits).set({ state: 'ended', endsAt, updatedAt: ctx.now }).where(and(eq(visits.id, visitId), eq(visits.state, 'booked'))).returning();
  if (!row) return false;
  const supporterIds = (await supportersOf(ctx.tx, [row.id])).get(row.id) ?? [];
  await ctx.emit({ type: 'care.visit-ended', subjectType: 'visit', subjectId: row.id, data: { teamId: row.teamId, endsAt: endsAt.toISOString() } });
  await createLogsForVisit(ctx, row, supporterIds, await careFacts(ctx.tx, row.teamId, ctx.now));
  return true;
}
