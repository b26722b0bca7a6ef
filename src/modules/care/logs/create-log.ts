import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import type { CareFacts } from '../policy.ts';
import { type CareLogKind, careLogs, type visits } from '../schema.ts';
import { saveCareLog } from './chain.ts';
import { scheduleAutoConfirm } from './jobs.ts';

type Visit = typeof visits.$inferSelect;

/**
 * What kind of care a supporter gave at a visit: paid visits are paid, volunteer activities are
 * volunteering, and a trial takes the kind the person joined as. Meetings are not care: no log.
 */
export function logKindFor(visit: Pick<Visit, 'kind'>, f: CareFacts, supporterId: string): CareLogKind | null {
  if (visit.kind === 'meeting') return null;
  if (visit.kind === 'paid' || visit.kind === 'volunteer') return visit.kind;
  return (f.kinds.get(supporterId) ?? f.trialists.get(supporterId)) === 'paid' ? 'paid' : 'volunteer';
}

/**
 * When a visit ends: one pending care log per supporter, with the booked times, for both sides
 * to confirm. Running it twice for the same visit writes nothing new (one log per supporter
 * per visit). Returns the ids of the logs written now.
 */
export async function createLogsForVisit(ctx: Ctx, visit: Visit, supporterIds: string[], f: CareFacts): Promise<string[]> {
  const written: string[] = [];
  for (const supporterId of supporterIds) {
    const kind = logKindFor(visit, f, supporterId);
    const minutes = Math.round((visit.endsAt.getTime() - visit.startsAt.getTime()) / 60_000);
    // No time at all is nothing to confirm (a log is at least a minute).
    if (!kind || minutes < 1) continue;
    const [existing] = await ctx.tx
      .select({ id: careLogs.id })
      .from(careLogs)
      .where(and(eq(careLogs.visitId, visit.id), eq(careLogs.supporterId, supporterId)))
      .limit(1);
    if (existing) continue;
    const row = {
      id: newId(), teamId: visit.teamId, visitId: visit.id, supporterId, kind,
      startsAt: visit.startsAt, endsAt: visit.endsAt,
      minutes,
      activity: visit.notes.slice(0, 200), state: 'pending' as const, correctsId: null,
      supporterConfirmedAt: null, ownerConfirmedAt: null, ownerConfirmedBy: null,
      adjustedBy: null, adjustReason: null, disputedBy: null, disputeReason: null, resolvedBy: null, resolution: null,
      createdBy: ctx.actor?.personId ?? null, createdAt: ctx.now, updatedAt: ctx.now,
    };
    await saveCareLog(ctx, row, true);
    written.push(row.id);
  }
  if (written.length > 0) {
    // Tomorrow's auto-confirm sweep (one a day): it confirms nothing unless the team turned it on.
    await scheduleAutoConfirm(ctx.tx, ctx.now);
    await ctx.emit({ type: 'care.logs-created', subjectType: 'visit', subjectId: visit.id, data: { logIds: written } });
  }
  return written;
}
