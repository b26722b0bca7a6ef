import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { saveCareLog } from './chain.ts';
import { earnForConfirmedLog } from './earning.ts';
import { type CareLog, type CareLogRow, lockLog, ownerSide, rowOf, tell } from './load.ts';
import { assertCareLogStep } from './machine.ts';
import { type Side, adjusterSide, assertMayResolve, sideOf } from './policy.ts';
import { timeField, withTimes, zoneField } from './times.ts';

export const reasonField = (missing: string) => z.string({ error: missing }).trim().min(1, missing).max(1000, 'Please keep this to 1000 characters or fewer');

export const adjustInput = z.object({
  startsAt: timeField('Enter when the support started'),
  endsAt: timeField('Enter when the support ended'),
  reason: reasonField('Say why the times need changing'),
  timeZone: zoneField,
});
export const disputeInput = z.object({ reason: reasonField('Say what is wrong with this log') });
export const resolveInput = z.object({
  outcome: z.enum(['confirmed', 'void'], { error: 'Choose whether the support happened' }),
  startsAt: z.string().trim().max(40).optional(),
  endsAt: z.string().trim().max(40).optional(),
  note: reasonField('Write what was agreed'),
  timeZone: zoneField,
});

type WithLog = Record<string, unknown> & { logId: string };

const NOT_A_SIDE = "Only the supporter and the owner's side (the owner or their advocate) confirm, adjust or dispute a care log.";

/** The policy check every side's step starts with: who they are for this log, and the step allowed from here. */
async function forSide(ctx: Ctx, logId: unknown, step: 'confirm' | 'adjust' | 'dispute') {
  const actor = requireActor(ctx.actor);
  const loaded = await lockLog(ctx, logId);
  const side = sideOf(actor, loaded.facts, loaded.log);
  if (!side) throw new NotAllowed(NOT_A_SIDE);
  assertCareLogStep(step, loaded.log.state);
  return { ...loaded, actor, side };
}

const confirmedBy = (side: Side, personId: string, now: Date) =>
  side === 'supporter' ? { supporterConfirmedAt: now } : { ownerConfirmedAt: now, ownerConfirmedBy: personId };

/** Write the next state; a log that has just become confirmed earns its credits in the same transaction. */
async function save(ctx: Ctx, row: CareLogRow): Promise<CareLog> {
  const saved = await saveCareLog(ctx, { ...row, updatedAt: ctx.now }, false);
  if (saved.state === 'confirmed') await earnForConfirmedLog(ctx, saved);
  return saved;
}

/**
 * A side confirms. From pending it records that side's confirmation and confirms the log once
 * both have; from adjusted only the side that did not propose the times can agree to them.
 */
export async function confirmCareLog(ctx: Ctx, raw: WithLog): Promise<{ state: string }> {
  const { log, facts, actor, side } = await forSide(ctx, raw.logId, 'confirm');
  if (log.state === 'adjusted' && adjusterSide(log) === side) {
    throw new Conflict(side === 'supporter' ? 'You proposed these times: the owner’s side confirms them.' : 'Your side proposed these times: the supporter confirms them.');
  }
  const already = side === 'supporter' ? log.supporterConfirmedAt : log.ownerConfirmedAt;
  if (log.state === 'pending' && already) throw new Conflict('Your side has already confirmed this log: it is waiting for the other side.');
  const next = { ...rowOf(log), ...confirmedBy(side, actor.personId, ctx.now) };
  const bothConfirmed = log.state === 'adjusted' || (next.supporterConfirmedAt && next.ownerConfirmedAt);
  const saved = await save(ctx, { ...next, state: bothConfirmed ? 'confirmed' : 'pending' });
  await ctx.emit({ type: 'care.log-confirmed', subjectType: 'care_log', subjectId: log.id, data: { teamId: facts.team.id, side, state: saved.state } });
  return { state: saved.state };
}

/** A side proposes other times with a reason: their confirmation stands, the other side's is cleared. */
export async function adjustCareLog(ctx: Ctx, raw: WithLog): Promise<{ state: string }> {
  const { log, facts, actor, side } = await forSide(ctx, raw.logId, 'adjust');
  const v = parseInput(withTimes(adjustInput, ctx.now), raw);
  if (v.start.getTime() === log.startsAt.getTime() && v.end.getTime() === log.endsAt.getTime()) {
    throw new Invalid({ startsAt: 'These are the times already recorded: confirm them instead' });
  }
  await save(ctx, {
    ...rowOf(log), state: 'adjusted', startsAt: v.start, endsAt: v.end, minutes: v.minutes, adjustedBy: actor.personId, adjustReason: v.reason,
    supporterConfirmedAt: null, ownerConfirmedAt: null, ownerConfirmedBy: null, ...confirmedBy(side, actor.personId, ctx.now),
  });
  await tell(ctx, side === 'supporter' ? ownerSide(facts) : [log.supporterId], `New times were proposed for a care log in ${facts.team.name}: please confirm them or reply`, log.id);
  await ctx.emit({ type: 'care.log-adjusted', subjectType: 'care_log', subjectId: log.id, data: { teamId: facts.team.id, side, minutes: v.minutes } });
  return { state: 'adjusted' };
}

/** Either side disputes, with a reason: the resolvers, the owner's side and the supporter are told. */
export async function disputeCareLog(ctx: Ctx, raw: WithLog): Promise<{ state: string }> {
  const { log, facts, actor, side } = await forSide(ctx, raw.logId, 'dispute');
  const v = parseInput(disputeInput, raw);
  await save(ctx, { ...rowOf(log), state: 'disputed', disputedBy: actor.personId, disputeReason: v.reason });
  await tell(ctx, [...facts.resolvers, ...ownerSide(facts), log.supporterId], `A care log in ${facts.team.name} is disputed`, log.id);
  await ctx.emit({ type: 'care.log-disputed', subjectType: 'care_log', subjectId: log.id, data: { teamId: facts.team.id, side } });
  return { state: 'disputed' };
}

/**
 * Someone who is not a party settles a dispute (policy.ts mayResolve): confirmed with the agreed
 * times (the log's own, unless new ones are given) and a note, or void with a note.
 */
export async function resolveCareLog(ctx: Ctx, raw: WithLog): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor);
  const { log, facts } = await lockLog(ctx, raw.logId);
  assertMayResolve(actor, facts, log);
  assertCareLogStep('resolve', log.state);
  const base = parseInput(resolveInput, raw);
  let times = { startsAt: log.startsAt, endsAt: log.endsAt, minutes: log.minutes };
  if (base.outcome === 'confirmed' && (base.startsAt || base.endsAt)) {
    const v = parseInput(withTimes(adjustInput.omit({ reason: true }), ctx.now), { startsAt: base.startsAt ?? '', endsAt: base.endsAt ?? '', timeZone: base.timeZone });
    times = { startsAt: v.start, endsAt: v.end, minutes: v.minutes };
  }
  await save(ctx, { ...rowOf(log), ...(base.outcome === 'confirmed' ? times : {}), state: base.outcome, resolvedBy: actor.personId, resolution: base.note });
  await tell(ctx, [...ownerSide(facts), log.supporterId], `The dispute about a care log in ${facts.team.name} was resolved`, log.id);
  await ctx.emit({ type: 'care.log-resolved', subjectType: 'care_log', subjectId: log.id, data: { teamId: facts.team.id, outcome: base.outcome } });
  return { state: base.outcome };
}
