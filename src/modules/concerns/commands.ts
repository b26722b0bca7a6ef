import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import type { Ctx } from '../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { enqueue } from '../../platform/jobs.ts';
import { notify } from '../../platform/notify.ts';
import { seal } from '../../platform/encryption/envelope.ts';
import { parseInput } from '../../platform/validate.ts';
import { zonedToUtc } from '../../platform/zoned-time.ts';
import { isoDate } from '../circles/dates.ts';
import { people } from '../people/schema.ts';
import { reviewDue } from './jobs.ts';
import { type LoadedConcern, loadConcern } from './load.ts';
import { type ConcernStep, assertConcernStep, movingSteps } from './machine.ts';
import { canHandleConcern, canRaise, concernHandlers, concernReadReason, supportFacts, teamPeople } from './policy.ts';
import { concernSteps, concernViewers, concerns } from './schema.ts';

const ticked = z.union([z.literal('on'), z.literal('true'), z.boolean()]).optional().transform((v) => v === 'on' || v === 'true' || v === true);
const text = (missing: string, max: number) => z.string({ error: missing }).trim().min(1, missing).max(max, `Please keep this to ${max} characters or fewer`);

export const raiseInput = z.object({
  summary: text('Say in a line what the concern is about', 200),
  details: text('Tell us what happened, or what worries you', 10000),
  safeguarding: ticked,
  aboutPersonId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid('Choose a person from the list').optional()),
});
export const stepInput = z.object({
  step: z.enum(movingSteps, { error: 'Choose what happens next' }),
  note: text('Write a note about this step', 10000),
  outcome: z.string({ error: 'Say what the outcome is' }).trim().max(10000, 'Please keep this to 10000 characters or fewer').optional(),
});
export const referralInput = z.object({
  referralDate: z.iso.date({ error: 'Enter the date of the referral, like 2026-03-01' }),
  referralReference: text("Enter the local authority's reference", 200),
  referredBy: text('Say who made the referral', 200),
});
export const referralOutcomeInput = z.object({ referralOutcome: text('Say what came of the referral', 10000) });
export const notReferredInput = z.object({ notReferredReason: text('Say why it was not referred', 10000) });
export const viewerInput = z.object({ personId: z.uuid({ error: 'Choose a person from the list' }) });

const notFound = () => new NotFound('That concern was not found.');

/** Anyone in the team, or wearing a support hat for it, raises a concern; its handlers are told. */
export async function raiseConcern(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ concernId: string }> {
  const actor = requireActor(ctx.actor);
  const facts = await supportFacts(ctx.tx, raw.teamId, ctx.now);
  if (!canRaise(actor, facts)) throw new NotFound('That team was not found.');
  const v = parseInput(raiseInput, raw);
  if (v.aboutPersonId && v.aboutPersonId === actor.personId) throw new Invalid({ aboutPersonId: 'A concern cannot be about the person raising it' });
  if (v.aboutPersonId && !teamPeople(facts).includes(v.aboutPersonId)) throw new Invalid({ aboutPersonId: 'Choose someone in the team' });
  const concernId = newId();
  await ctx.tx.insert(concerns).values({ id: concernId, teamId: facts.team.id, raisedBy: actor.personId, aboutPersonId: v.aboutPersonId ?? null, summary: v.summary, details: await seal(ctx.tx, facts.team.id, v.details), safeguarding: v.safeguarding, lastStepAt: ctx.now, createdAt: ctx.now });
  await ctx.tx.insert(concernSteps).values({ id: newId(), concernId, step: 'raise', fromState: null, toState: 'understanding', note: await seal(ctx.tx, facts.team.id, v.summary), byId: actor.personId, at: ctx.now });
  const handlers = concernHandlers(facts, { aboutPersonId: v.aboutPersonId ?? null }).filter((id) => id !== actor.personId);
  // The notice names the team only: the summary itself is read on the page, where the read is logged.
  await notify(ctx.tx, ctx.now, handlers, { text: `A ${v.safeguarding ? 'safeguarding ' : ''}concern was raised about ${facts.team.name}`, href: `/concerns/${concernId}` });
  await ctx.emit({ type: 'concern.raised', subjectType: 'concern', subjectId: concernId, data: { teamId: facts.team.id, safeguarding: v.safeguarding } });
  return { concernId };
}

/** Lock the concern for a handler's step: "not found" for those who may not see it, "not allowed" for readers who do not handle it. */
async function forHandler(ctx: Ctx, concernId: unknown, step: ConcernStep): Promise<LoadedConcern & { to: LoadedConcern['concern']['state'] }> {
  const actor = requireActor(ctx.actor);
  const loaded = await loadConcern(ctx.tx, concernId, ctx.now, true);
  if (!concernReadReason(actor, loaded.facts, loaded.sight)) throw notFound();
  if (!canHandleConcern(actor, loaded.facts, loaded.sight)) throw new NotAllowed("Only the team's Safeguarding Lead and the Local Circle's Team Starter or Coach handle a concern.");
  return { ...loaded, to: assertConcernStep(step, loaded.concern.state) };
}

async function recordStep(ctx: Ctx, c: LoadedConcern['concern'], step: ConcernStep, to: LoadedConcern['concern']['state'], note: string): Promise<void> {
  // A step's note is part of the concern's details: sealed under the team's key (ADR 0024).
  await ctx.tx.insert(concernSteps).values({ id: newId(), concernId: c.id, step, fromState: c.state, toState: to, note: await seal(ctx.tx, c.teamId, note), byId: requireActor(ctx.actor).personId, at: ctx.now });
  await ctx.emit({ type: `concern.${step}`, subjectType: 'concern', subjectId: c.id, data: { from: c.state, to } });
}

/** Move a concern on through its table; each step keeps its note, the outcome step its outcome. */
export async function takeConcernStep(ctx: Ctx, raw: Record<string, unknown> & { concernId: string }): Promise<{ state: string }> {
  const v = parseInput(stepInput, raw);
  const { concern, to } = await forHandler(ctx, raw.concernId, v.step);
  if (v.step === 'record-outcome' && !v.outcome) throw new Invalid({ outcome: 'Say what the outcome is' });
  if (v.step === 'close' && concern.safeguarding && !concern.referralOutcome && !concern.notReferredReason) {
    throw new Conflict("A safeguarding concern stays open until the referral's outcome, or why it was not referred, is recorded.");
  }
  await ctx.tx
    .update(concerns)
    .set({ state: to, lastStepAt: ctx.now, ...(v.step === 'record-outcome' ? { outcome: v.outcome } : {}) })
    .where(eq(concerns.id, concern.id));
  await recordStep(ctx, concern, v.step, to, v.note);
  if (to === 'monthly_review') {
    const due = reviewDue(ctx.now);
    await enqueue(ctx.tx, { kind: 'concerns.review-due', payload: { concernId: concern.id, due }, runAt: zonedToUtc(due, '00:00'), dedupeKey: `concern-review:${concern.id}:${due}` });
  }
  return { state: to };
}

export async function recordReferral(ctx: Ctx, raw: Record<string, unknown> & { concernId: string }): Promise<void> {
  const v = parseInput(referralInput, raw);
  const { concern, to } = await forHandler(ctx, raw.concernId, 'refer');
  if (!concern.safeguarding) throw new Conflict('Only a safeguarding concern is referred to the local authority.');
  if (v.referralDate > isoDate(ctx.now)) throw new Invalid({ referralDate: 'The referral date cannot be in the future' });
  // A referral made after deciding not to refer replaces that decision; the history keeps both.
  await ctx.tx.update(concerns).set({ ...v, notReferredReason: null }).where(eq(concerns.id, concern.id));
  await recordStep(ctx, concern, 'refer', to, `Referred on ${v.referralDate} by ${v.referredBy}, reference ${v.referralReference}.`);
}

export async function recordReferralOutcome(ctx: Ctx, raw: Record<string, unknown> & { concernId: string }): Promise<void> {
  const v = parseInput(referralOutcomeInput, raw);
  const { concern, to } = await forHandler(ctx, raw.concernId, 'referral-outcome');
  if (!concern.referralDate) throw new Conflict('Record the referral first.');
  await ctx.tx.update(concerns).set({ referralOutcome: v.referralOutcome }).where(eq(concerns.id, concern.id));
  await recordStep(ctx, concern, 'referral-outcome', to, v.referralOutcome);
}

export async function recordNotReferred(ctx: Ctx, raw: Record<string, unknown> & { concernId: string }): Promise<void> {
  const v = parseInput(notReferredInput, raw);
  const { concern, to } = await forHandler(ctx, raw.concernId, 'not-referred');
  if (!concern.safeguarding) throw new Conflict('Only a safeguarding concern is referred to the local authority.');
  if (concern.referralDate) throw new Conflict("It was referred: record the referral's outcome instead.");
  await ctx.tx.update(concerns).set({ notReferredReason: v.notReferredReason }).where(eq(concerns.id, concern.id));
  await recordStep(ctx, concern, 'not-referred', to, `Not referred, because ${v.notReferredReason}`);
}

/** A handler lets one more person see the concern; never the person it is about. */
export async function addConcernViewer(ctx: Ctx, raw: Record<string, unknown> & { concernId: string }): Promise<void> {
  const v = parseInput(viewerInput, raw);
  const { concern, to } = await forHandler(ctx, raw.concernId, 'add-viewer');
  if (v.personId === concern.aboutPersonId) throw new Invalid({ personId: 'The person the concern is about cannot see it' });
  const [person] = await ctx.tx.select({ name: people.name }).from(people).where(eq(people.id, v.personId));
  if (!person) throw new Invalid({ personId: 'Choose a person from the list' });
  const added = await ctx.tx.insert(concernViewers).values({ concernId: concern.id, personId: v.personId, addedBy: requireActor(ctx.actor).personId, addedAt: ctx.now }).onConflictDoNothing().returning();
  if (added.length === 0) return;
  await recordStep(ctx, concern, 'add-viewer', to, `${person.name} can now see this concern.`);
  await notify(ctx.tx, ctx.now, [v.personId], { text: 'You have been asked to help with a concern', href: `/concerns/${concern.id}` });
}
