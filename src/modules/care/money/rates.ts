import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../../platform/authz.ts';
import { DAY } from '../../../platform/clock.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { coOpTimeZone } from '../../../platform/zoned-time.ts';
import { people } from '../../people/schema.ts';
import { type CareFacts, careFacts, isInTeam, isOnTrial, isOwnerSide, isPaidWorker } from '../policy.ts';
import { careRates, payerKinds } from '../schema.ts';
import { RATE_RANGE, parsePounds } from './amounts.ts';
import { assertStep, rateState, rateSteps } from './machine.ts';
import { localMidnight } from './period.ts';

export type Rate = typeof careRates.$inferSelect;
type Side = 'worker' | 'owner';

/** A money field: pounds as typed, checked and turned into pence. */
export const poundsField = (range: { min: number; max: number }) =>
  z.unknown().transform((value, ctx) => {
    const pence = parsePounds(value, range);
    if (typeof pence === 'string') {
      ctx.addIssue({ code: 'custom', message: pence });
      return z.NEVER;
    }
    return pence;
  });

export const proposeInput = z.object({
  rate: poundsField(RATE_RANGE),
  payerKind: z.enum(payerKinds, { message: 'Choose who pays: the person, their personal budget or a local authority' }),
  payerName: z.string({ message: 'Say who pays' }).trim().min(1, 'Say who pays, for example "Rose Pennington" or "Kirklees Council"').max(120, 'Use 120 characters or fewer'),
  expensesAgreement: z.string().trim().max(2000, 'Use 2000 characters or fewer').optional().default(''),
  /** The owner's side names the worker; a worker proposes for themselves. */
  workerId: z.union([z.uuid('Choose a paid worker in the team'), z.literal('')]).optional(),
  /** The day it prices support from (optional): earlier than its agreement, for support already given. */
  startsOn: z.union([z.iso.date('Enter the day it starts from, like 2026-03-01'), z.literal('')]).optional(),
});

/** How far back a rate may reach: support older than this was settled some other way. */
const MAX_BACKDATE_DAYS = 366;

/** Which side of a rate a person is on: the worker, the owner's side, or neither. */
export const sideOf = (personId: string, rate: Pick<Rate, 'workerId'>, f: CareFacts): Side | null =>
  personId === rate.workerId ? 'worker' : personId === f.team.ownerId || personId === f.advocateId ? 'owner' : null;

/**
 * The team's facts for a money command: outsiders (admins included) are told it does not exist.
 * With `trial`, a person on trial is let in too: the trial rate is agreed with them (DOMAIN.md 4).
 */
export async function moneyFacts(ctx: Ctx, teamId: unknown, options: { trial?: boolean } = {}): Promise<{ f: CareFacts; actor: Actor }> {
  const f = await careFacts(ctx.tx, teamId, ctx.now);
  if (!ctx.actor || !(isInTeam(ctx.actor, f) || (options.trial && isOnTrial(f, ctx.actor.personId)))) throw new NotFound('That team was not found.');
  return { f, actor: ctx.actor };
}

/** A paid worker in the team, or someone on a paid trial with it: the people a rate is agreed with. */
export const paysWorker = (f: CareFacts, personId: string): boolean => isPaidWorker(f, personId) || f.trialists.get(personId) === 'paid';

/** Who may propose a rate (the form page asks the same): a paid worker (on trial too), or the owner's side. */
export function assertMayProposeRate(f: CareFacts, actor: Actor): void {
  if (!isOwnerSide(actor, f) && !paysWorker(f, actor.personId)) throw new NotAllowed("Only a paid worker in the team (or on a paid trial), or the owner's side, proposes a rate.");
}

/** A paid worker proposes their rate, or the owner's side proposes one to a worker. The other side agrees. */
export async function proposeRate(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ rateId: string }> {
  const { f, actor } = await moneyFacts(ctx, raw.teamId, { trial: true });
  assertMayProposeRate(f, actor);
  const ownerSide = isOwnerSide(actor, f);
  const v = parseInput(proposeInput, raw);
  const workerId = ownerSide ? v.workerId : actor.personId;
  if (!workerId || !paysWorker(f, workerId)) throw new Invalid({ workerId: 'Choose a paid worker in the team, or one on a paid trial' });
  const startsAt = v.startsOn ? localMidnight(...(v.startsOn.split('-').map(Number) as [number, number, number]), coOpTimeZone()) : null;
  if (startsAt && startsAt.getTime() < ctx.now.getTime() - MAX_BACKDATE_DAYS * DAY) {
    throw new Invalid({ startsOn: `A rate can start at most ${MAX_BACKDATE_DAYS} days back` });
  }
  const rateId = newId();
  // A new proposal replaces any still waiting for the same worker: only one is ever open.
  await ctx.tx.update(careRates).set({ withdrawnAt: ctx.now }).where(and(eq(careRates.teamId, f.team.id), eq(careRates.workerId, workerId as string), isNull(careRates.agreedAt), isNull(careRates.withdrawnAt)));
  await ctx.tx.insert(careRates).values({
    id: rateId, teamId: f.team.id, workerId: workerId as string, ratePence: v.rate, payerKind: v.payerKind, payerName: v.payerName,
    expensesAgreement: v.expensesAgreement, startsAt, proposedBy: actor.personId, proposedAt: ctx.now,
  });
  await ctx.emit({ type: 'care.rate-proposed', subjectType: 'care_rate', subjectId: rateId, data: { teamId: f.team.id, workerId, ratePence: v.rate } });
  const others = ownerSide ? [workerId as string] : [f.team.ownerId, ...(f.advocateId ? [f.advocateId] : [])];
  await notify(ctx.tx, ctx.now, others, { text: `${actor.name} proposed an hourly rate in ${f.team.name}: please agree it or talk it over.`, href: `/teams/${f.team.id}/money` });
  return { rateId };
}

async function loadRate(ctx: Ctx, rateId: unknown): Promise<{ rate: Rate; f: CareFacts; actor: Actor; side: Side }> {
  const [rate] = isUuid(rateId) ? await ctx.tx.select().from(careRates).where(eq(careRates.id, rateId)).for('update') : [];
  if (!rate) throw new NotFound('That rate was not found.');
  const { f, actor } = await moneyFacts(ctx, rate.teamId, { trial: true });
  const side = sideOf(actor.personId, rate, f);
  if (!side) throw new NotAllowed("Only the worker and the owner's side see or agree a worker's rate.");
  return { rate, f, actor, side };
}

/** The other side agrees: from now on this rate prices the worker's logs, superseding the one before. */
export async function agreeRate(ctx: Ctx, raw: { rateId: unknown }): Promise<{ rateId: string; teamId: string }> {
  const { rate, f, actor, side } = await loadRate(ctx, raw.rateId);
  const proposerSide: Side = rate.proposedBy === rate.workerId ? 'worker' : 'owner';
  if (side === proposerSide) throw new NotAllowed(side === 'worker' ? "You proposed this rate: the owner's side agrees it." : "Your side proposed this rate: the worker agrees it.");
  assertStep(rateSteps, 'agree', rateState(rate), 'rate');
  if (!paysWorker(f, rate.workerId)) throw new Conflict('That worker is no longer a paid worker in the team (or on a paid trial with it).');
  await ctx.tx.update(careRates).set({ agreedBy: actor.personId, agreedAt: ctx.now }).where(eq(careRates.id, rate.id));
  await ctx.emit({ type: 'care.rate-agreed', subjectType: 'care_rate', subjectId: rate.id, data: { teamId: f.team.id, workerId: rate.workerId, ratePence: rate.ratePence } });
  await notify(ctx.tx, ctx.now, [rate.proposedBy], { text: `${actor.name} agreed the hourly rate in ${f.team.name}.`, href: `/teams/${f.team.id}/money` });
  return { rateId: rate.id, teamId: f.team.id };
}

/** Either side takes back a proposal that has not been agreed. */
export async function withdrawRate(ctx: Ctx, raw: { rateId: unknown }): Promise<{ rateId: string; teamId: string }> {
  const { rate, f } = await loadRate(ctx, raw.rateId);
  assertStep(rateSteps, 'withdraw', rateState(rate), 'rate');
  await ctx.tx.update(careRates).set({ withdrawnAt: ctx.now }).where(eq(careRates.id, rate.id));
  await ctx.emit({ type: 'care.rate-withdrawn', subjectType: 'care_rate', subjectId: rate.id, data: { teamId: f.team.id, workerId: rate.workerId } });
  return { rateId: rate.id, teamId: f.team.id };
}

export interface RateView extends Rate {
  workerName: string;
  state: 'proposed' | 'in force' | 'superseded' | 'withdrawn';
}

/** The rates a person may see in a team: all of them for the owner's side, their own for a worker. */
export async function teamRates(db: Db, f: CareFacts, actor: Actor, now: Date): Promise<RateView[]> {
  const mine = isOwnerSide(actor, f) ? undefined : eq(careRates.workerId, actor.personId);
  const rows = await db
    .select({ rate: careRates, workerName: people.name })
    .from(careRates)
    .innerJoin(people, eq(people.id, careRates.workerId))
    .where(and(eq(careRates.teamId, f.team.id), mine))
    .orderBy(desc(careRates.proposedAt))
    .limit(200);
  const inForce = new Set(
    [...new Set(rows.map((r) => r.rate.workerId))].map((w) => rateAt(rows.map((r) => r.rate).filter((r) => r.workerId === w), now)?.id),
  );
  return rows.map(({ rate, workerName }) => {
    const s = rateState(rate);
    return { ...rate, workerName, state: s === 'agreed' ? (inForce.has(rate.id) ? 'in force' : 'superseded') : s };
  });
}

/** From when an agreed rate prices support: its start day if it names one, else its agreement. */
const pricesFrom = (r: Rate): Date => (r.startsAt ?? r.agreedAt) as Date;

/**
 * The agreed rate in force at an instant (rates of one worker in one team): of those whose start
 * is at or before it, the one starting latest, and of equal starts the one agreed latest.
 */
export function rateAt(rates: Rate[], at: Date): Rate | null {
  let best: Rate | null = null;
  for (const r of rates) {
    if (!r.agreedAt || pricesFrom(r) > at) continue;
    const [a, b] = best ? [pricesFrom(best).getTime(), pricesFrom(r).getTime()] : [0, 0];
    if (!best || a < b || (a === b && (best.agreedAt as Date) < r.agreedAt) || (a === b && (best.agreedAt as Date).getTime() === r.agreedAt.getTime() && best.proposedAt < r.proposedAt)) best = r;
  }
  return best;
}

/**
 * Every agreed rate that prices from before `before`, for the given teams and workers: what
 * prices a period's logs. A rate agreed later but starting within the period prices it too.
 */
export async function agreedRates(db: Db, teamIds: string[], workerIds: string[], before: Date): Promise<Rate[]> {
  if (teamIds.length === 0 || workerIds.length === 0) return [];
  return db
    .select()
    .from(careRates)
    .where(and(inArray(careRates.teamId, teamIds), inArray(careRates.workerId, workerIds), isNotNull(careRates.agreedAt), lt(sql`coalesce(${careRates.startsAt}, ${careRates.agreedAt})`, before)))
    .orderBy(asc(careRates.agreedAt));
}
