import { and, eq, isNull } from 'drizzle-orm';
import { systemClock } from '../../../platform/clock.ts';
import type { Ctx } from '../../../platform/context.ts';
import { appendEvent } from '../../../platform/events.ts';
import { isUuid } from '../../../platform/ids.ts';
import { type JobContext, registerJob } from '../../../platform/jobs.ts';
import { notify } from '../../../platform/notify.ts';
import { getCircle } from '../../circles/queries.ts';
import { visitSeries, visits } from '../schema.ts';
import { JOB, extendSeries, finishVisit, supportersOf } from './engine.ts';
import { describeSlot } from './times.ts';

// Each job reads the visit as it is now and does nothing if it has moved, been cancelled or
// already been done, so a stale, retried or duplicated job has no effect. Jobs run once across
// instances (platform/jobs.ts), and the row lock below keeps a person and a job from racing.

const jobCtx = ({ tx, now }: JobContext): Ctx => ({ tx, actor: null, clock: systemClock, now, emit: (e) => appendEvent(tx, null, now, e), afterCommit: () => {} });
const sameTime = (d: Date, iso: unknown) => typeof iso === 'string' && d.getTime() === Date.parse(iso);

/** The day before: remind each supporter and the owner, once per visit time. */
export async function remindVisit(job: JobContext, payload: Record<string, unknown>): Promise<boolean> {
  if (!isUuid(payload.visitId)) return false;
  const [v] = await job.tx.select().from(visits).where(and(eq(visits.id, payload.visitId), eq(visits.state, 'booked'), isNull(visits.remindedAt))).for('update');
  if (!v || !sameTime(v.startsAt, payload.startsAt) || v.startsAt <= job.now) return false;
  const team = await getCircle(job.tx, v.teamId);
  const supporters = (await supportersOf(job.tx, [v.id])).get(v.id) ?? [];
  const who = [...supporters, ...(team?.ownerId ? [team.ownerId] : [])];
  await notify(job.tx, job.now, who, { text: `Reminder: ${team?.name ?? 'your team'}, visit on ${describeSlot(v.startsAt, v.endsAt)}`, href: `/visits/${v.id}` });
  await job.tx.update(visits).set({ remindedAt: job.now }).where(eq(visits.id, v.id));
  return true;
}

/** When its end time has passed, a booked visit ends and its care logs open. */
export async function endDueVisit(job: JobContext, payload: Record<string, unknown>): Promise<boolean> {
  if (!isUuid(payload.visitId)) return false;
  const [v] = await job.tx.select().from(visits).where(and(eq(visits.id, payload.visitId), eq(visits.state, 'booked'))).for('update');
  if (!v || v.endsAt > job.now) return false;
  return finishVisit(jobCtx(job), v.id, v.endsAt);
}

/** Write a series' next stretch of visits as time passes. */
export async function extendDueSeries(job: JobContext, payload: Record<string, unknown>): Promise<number> {
  if (!isUuid(payload.seriesId)) return 0;
  const [series] = await job.tx.select().from(visitSeries).where(eq(visitSeries.id, payload.seriesId)).for('update');
  return series ? extendSeries(job.tx, job.now, series) : 0;
}

registerJob(JOB.remind, async (job, payload) => void (await remindVisit(job, payload)));
registerJob(JOB.end, async (job, payload) => void (await endDueVisit(job, payload)));
registerJob(JOB.extend, async (job, payload) => void (await extendDueSeries(job, payload)));
