import { and, eq, gt, lt, ne } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { isOwnerSide, isVolunteer } from '../policy.ts';
import { careLogKinds, careLogs } from '../schema.ts';
import { saveCareLog } from './chain.ts';
import { reasonField } from './commands.ts';
import { logKindFor } from './create-log.ts';
import { scheduleAutoConfirm } from './jobs.ts';
import { type CareLogRow, lockLog, lockTeamChain, ownerSide, tell } from './load.ts';
import { assertCareLogStep } from './machine.ts';
import { assertMayAddLog, logFacts, sideOf } from './policy.ts';
import { timeField, withTimes, zoneField } from './times.ts';

const activityField = z.string({ error: 'Say what the support was' }).trim().max(200, 'Please keep this to 200 characters or fewer');

export const addInput = z.object({
  supporterId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid({ error: 'Choose the supporter from the list' }).optional()),
  startsAt: timeField('Enter when the support started'),
  endsAt: timeField('Enter when the support ended'),
  activity: activityField.min(1, 'Say what the support was, in a few words'),
  kind: z.preprocess((v) => (v === '' ? undefined : v), z.enum(careLogKinds, { error: 'Choose paid support or volunteering' }).optional()),
  timeZone: zoneField,
});

export const correctInput = z.object({
  startsAt: timeField('Enter when the support started'),
  endsAt: timeField('Enter when the support ended'),
  activity: activityField.optional(),
  reason: reasonField('Say what was wrong with the confirmed log'),
  timeZone: zoneField,
});

const blank = { visitId: null, correctsId: null, supporterConfirmedAt: null, ownerConfirmedAt: null, ownerConfirmedBy: null, adjustedBy: null, adjustReason: null, disputedBy: null, disputeReason: null, resolvedBy: null, resolution: null };

/**
 * Record support after the fact: a supporter logs their own, or the owner's side logs it for a
 * supporter. It starts pending with the author's side confirmed; the other side is asked.
 * The kind follows how the supporter joined (as a visit's trial does) unless chosen; a
 * volunteer's support is never logged as paid.
 */
export async function addCareLog(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ logId: string }> {
  const actor = requireActor(ctx.actor);
  const facts = await logFacts(ctx.tx, raw.teamId, ctx.now);
  assertMayAddLog(actor, facts);
  const ownerSideActor = isOwnerSide(actor, facts);
  const v = parseInput(withTimes(addInput, ctx.now), raw);
  const supporterId = v.supporterId ?? actor.personId;
  if (supporterId !== actor.personId && !ownerSideActor) throw new NotAllowed("You log your own support; the owner's side may log it for a supporter.");
  // A person on trial logs their support (kind 'trial' follows how they would join) like a member.
  if (supporterId === facts.team.ownerId || supporterId === facts.advocateId || (!facts.memberIds.includes(supporterId) && !facts.trialists.has(supporterId))) {
    throw new Invalid({ supporterId: "Choose a supporter in the team (the owner's side confirms logs, so cannot be the supporter)" });
  }
  const kind = logKindFor({ kind: v.kind ?? 'trial' }, facts, supporterId) ?? 'volunteer';
  if (kind === 'paid' && isVolunteer(facts, supporterId)) throw new Invalid({ kind: "This supporter joined as a volunteer: their support is logged as volunteering, not paid" });
  await lockTeamChain(ctx, facts.team.id);
  const [overlap] = await ctx.tx
    .select({ id: careLogs.id })
    .from(careLogs)
    .where(and(eq(careLogs.teamId, facts.team.id), eq(careLogs.supporterId, supporterId), ne(careLogs.state, 'void'), lt(careLogs.startsAt, v.end), gt(careLogs.endsAt, v.start)))
    .limit(1);
  if (overlap) throw new Invalid({ startsAt: 'There is already a log for this supporter at these times: confirm or adjust that one' });
  const side = supporterId === actor.personId ? 'supporter' : 'owner';
  const row: CareLogRow = {
    ...blank, id: newId(), teamId: facts.team.id, supporterId, kind, startsAt: v.start, endsAt: v.end, minutes: v.minutes, activity: v.activity, state: 'pending',
    ...(side === 'supporter' ? { supporterConfirmedAt: ctx.now } : { ownerConfirmedAt: ctx.now, ownerConfirmedBy: actor.personId }),
    createdBy: actor.personId, createdAt: ctx.now, updatedAt: ctx.now,
  };
  await saveCareLog(ctx, row, true);
  await tell(ctx, side === 'supporter' ? ownerSide(facts) : [supporterId], `A care log in ${facts.team.name} is waiting for your confirmation`, row.id);
  await scheduleAutoConfirm(ctx.tx, ctx.now);
  await ctx.emit({ type: 'care.log-added', subjectType: 'care_log', subjectId: row.id, data: { teamId: facts.team.id, kind, minutes: v.minutes } });
  return { logId: row.id };
}

/**
 * A confirmed log never changes: a correction is a new log pointing at it, starting pending with
 * the author's side confirmed, through the same table. One live correction at a time: a second
 * is refused until the first is void, and a confirmed correction is itself corrected.
 */
export async function correctCareLog(ctx: Ctx, raw: Record<string, unknown> & { logId: string }): Promise<{ logId: string }> {
  const actor = requireActor(ctx.actor);
  const { log, facts } = await lockLog(ctx, raw.logId);
  const side = sideOf(actor, facts, log);
  if (!side) throw new NotAllowed("Only the supporter and the owner's side correct a care log.");
  assertCareLogStep('correct', log.state);
  const [live] = await ctx.tx.select({ id: careLogs.id }).from(careLogs).where(and(eq(careLogs.correctsId, log.id), ne(careLogs.state, 'void'))).limit(1);
  if (live) throw new Conflict('This log already has a correction. Confirm, adjust or dispute that one instead.');
  const v = parseInput(withTimes(correctInput, ctx.now), raw);
  const activity = v.activity || log.activity;
  if (v.start.getTime() === log.startsAt.getTime() && v.end.getTime() === log.endsAt.getTime() && activity === log.activity) {
    throw new Invalid({ startsAt: 'Nothing is different from the confirmed log: change the times or what the support was' });
  }
  const row: CareLogRow = {
    ...blank, id: newId(), teamId: log.teamId, visitId: log.visitId, supporterId: log.supporterId, kind: log.kind, startsAt: v.start, endsAt: v.end, minutes: v.minutes,
    activity, state: 'pending', correctsId: log.id, adjustReason: v.reason,
    ...(side === 'supporter' ? { supporterConfirmedAt: ctx.now } : { ownerConfirmedAt: ctx.now, ownerConfirmedBy: actor.personId }),
    createdBy: actor.personId, createdAt: ctx.now, updatedAt: ctx.now,
  };
  await saveCareLog(ctx, row, true);
  await tell(ctx, side === 'supporter' ? ownerSide(facts) : [log.supporterId], `A correction to a care log in ${facts.team.name} is waiting for your confirmation`, row.id);
  await scheduleAutoConfirm(ctx.tx, ctx.now);
  await ctx.emit({ type: 'care.log-corrected', subjectType: 'care_log', subjectId: row.id, data: { teamId: log.teamId, corrects: log.id } });
  return { logId: row.id };
}
