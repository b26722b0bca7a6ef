import { and, asc, eq, lte } from 'drizzle-orm';
import { DAY } from '../../../platform/clock.ts';
import { localDate, zonedToUtc } from '../../../platform/zoned-time.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Db, Tx } from '../../../platform/db.ts';
import { DomainError } from '../../../platform/errors.ts';
import { appendEvent } from '../../../platform/events.ts';
import { enqueue, registerJob } from '../../../platform/jobs.ts';
import { getSetting } from '../../membership/settings.ts';
import { careLogs, careSettings } from '../schema.ts';
import { saveCareLog } from './chain.ts';
import { earnForConfirmedLog } from './earning.ts';
import { lockTeamChain, rowOf } from './load.ts';
import { stepAllowed } from './machine.ts';
import { mayAutoConfirm } from './policy.ts';

export const AUTO_CONFIRM_JOB = 'care.logs.auto-confirm';

export interface AutoConfirm {
  /** The team's own choice: null when it has none and the co-op's setting applies. */
  team: number | null;
  coop: number;
  /** What applies: 0 is off. */
  days: number;
}

/** The team's setting when it has one (0 is off), otherwise the co-op's (ours: off). */
export async function autoConfirmFor(db: Db, teamId: string): Promise<AutoConfirm> {
  const [row] = await db.select({ days: careSettings.autoConfirmDays }).from(careSettings).where(eq(careSettings.teamId, teamId));
  const coop = Number(await getSetting(db, 'autoConfirmDays')) || 0;
  const team = row?.days ?? null;
  return { team, coop, days: team ?? coop };
}

/**
 * The sweep runs once a day while there are logs it may have to confirm: writing a log queues
 * tomorrow's run (one per day, whichever instance queues it), and each run queues the next
 * while any team with auto-confirm on still has pending logs.
 */
export async function scheduleAutoConfirm(tx: Tx, now: Date): Promise<void> {
  // Tomorrow 03:00 on the co-op's clock.
  const day = localDate(new Date(now.getTime() + DAY));
  await enqueue(tx, { kind: AUTO_CONFIRM_JOB, runAt: zonedToUtc(day, '03:00'), dedupeKey: `care-auto-confirm:${day}` });
}

/** When a team turns auto-confirm on, logs already overdue are confirmed at once. */
export async function scheduleAutoConfirmNow(tx: Tx, now: Date, teamId: string): Promise<void> {
  await enqueue(tx, { kind: AUTO_CONFIRM_JOB, runAt: now, dedupeKey: `care-auto-confirm:${teamId}:${now.toISOString()}` });
}

const systemCtx = (tx: Tx, now: Date): Ctx => ({
  tx, actor: null, now, clock: { now: () => now },
  emit: (event) => appendEvent(tx, null, now, event),
  afterCommit: () => {},
});

/** Confirm one overdue log, re-checked under its lock: only a log still pending that one side has confirmed, never adjusted or disputed. */
async function autoConfirmOne(ctx: Ctx, logId: string, teamId: string, days: number): Promise<boolean> {
  await lockTeamChain(ctx, teamId);
  const [log] = await ctx.tx.select().from(careLogs).where(eq(careLogs.id, logId)).for('update');
  if (!log || !stepAllowed('auto-confirm', log.state) || !mayAutoConfirm(log)) return false;
  const saved = await saveCareLog(ctx, { ...rowOf(log), state: 'confirmed', resolution: `Confirmed automatically: nobody responded within ${days} days.`, updatedAt: ctx.now }, false);
  await earnForConfirmedLog(ctx, saved);
  await ctx.emit({ type: 'care.log-auto-confirmed', subjectType: 'care_log', subjectId: log.id, data: { teamId, days } });
  return true;
}

/** Confirm every pending log older than its team's auto-confirm days. Returns how many. */
export async function autoConfirmDue(tx: Tx, now: Date): Promise<number> {
  const teams = await tx.selectDistinct({ teamId: careLogs.teamId }).from(careLogs).where(eq(careLogs.state, 'pending')).limit(1000);
  let confirmed = 0;
  let more = false;
  for (const { teamId } of teams) {
    const { days } = await autoConfirmFor(tx, teamId);
    if (days <= 0) continue;
    more = true;
    const due = await tx
      .select({ id: careLogs.id })
      .from(careLogs)
      .where(and(eq(careLogs.teamId, teamId), eq(careLogs.state, 'pending'), lte(careLogs.createdAt, new Date(now.getTime() - days * DAY))))
      .orderBy(asc(careLogs.createdAt))
      .limit(200);
    for (const { id } of due) {
      // Each log in its own savepoint: one that cannot be confirmed (a correction whose credits
      // cannot be taken back) is left pending for people to sort out, and the rest go ahead.
      try {
        if (await tx.transaction((sp) => autoConfirmOne(systemCtx(sp, now), id, teamId, days))) confirmed += 1;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
  if (more) await scheduleAutoConfirm(tx, now);
  return confirmed;
}

registerJob(AUTO_CONFIRM_JOB, async ({ tx, now }) => {
  await autoConfirmDue(tx, now);
});
