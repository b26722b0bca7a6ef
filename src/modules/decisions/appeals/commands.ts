import { and, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { recordLogbookEntry } from '../../circles/commands/record-logbook-entry.ts';
import { entryAccess, isInForce } from '../../circles/logbook-queries.ts';
import { circleMembership, circlesOf, getCircle } from '../../circles/queries.ts';
import { logbookEntries } from '../../circles/schema.ts';
import { isCoopMember } from '../../membership/policy.ts';
import { type AppealStep, SIGNERS_NEEDED, appealSteps, areUnrelated, assertAppealStep } from './machine.ts';
import { type DecidingStage, answersAt, decidersNow, eligiblePanel, isAgreed } from './panel.ts';
import { appealAnswers, appealSigners, appeals } from './schema.ts';

type Appeal = typeof appeals.$inferSelect;
type Entry = typeof logbookEntries.$inferSelect;

export const appealInput = z.object({
  grounds: z.string({ error: 'Say why the decision should be looked at again' }).trim().min(20, 'Say why the decision should be looked at again (at least 20 characters)').max(4000, 'Grounds must be 4000 characters or fewer'),
});
export const signInput = z.object({
  reason: z.string({ error: 'Give your reason for signing' }).trim().min(10, 'Give your reason for signing (at least 10 characters)').max(2000, 'Reason must be 2000 characters or fewer'),
});
export const answerInput = z
  .object({
    answer: z.enum(['consent', 'objection'], { error: 'Choose consent or objection' }),
    reason: z.string().trim().max(4000, 'Reason must be 4000 characters or fewer').optional().transform((v) => v || null),
  })
  .refine((v) => v.answer !== 'objection' || (v.reason && v.reason.length >= 10), {
    path: ['reason'],
    message: 'An objection needs its reason (at least 10 characters)',
  });
export const decideInput = z.object({
  step: z.enum(['circle-dismiss', 'circle-revise', 'to-panel', 'panel-dismiss', 'panel-uphold'], { error: 'Choose what was decided' }),
  note: z.string({ error: 'Record what was decided and why' }).trim().min(10, 'Record what was decided and why (at least 10 characters)').max(4000, 'Note must be 4000 characters or fewer'),
});

const teamsOf = async (ctx: Ctx, personId: string) => (await circlesOf(ctx.tx, personId)).filter((c) => c.kind === 'team').map((c) => c.id);

async function lockAppeal(ctx: Ctx, appealId: unknown) {
  if (!isUuid(appealId)) throw new NotFound('That appeal was not found.');
  const [appeal] = await ctx.tx.select().from(appeals).where(eq(appeals.id, appealId)).for('update');
  if (!appeal) throw new NotFound('That appeal was not found.');
  const [entry] = await ctx.tx.select().from(logbookEntries).where(eq(logbookEntries.id, appeal.logbookEntryId));
  if (!entry || !(await mayRead(ctx, entry))) throw new NotFound('That appeal was not found.');
  return { appeal, entry };
}

/** An appeal is seen, signed and decided only by people who may read its decision (the circles' policy). */
async function mayRead(ctx: Ctx, entry: Entry): Promise<boolean> {
  const circle = await getCircle(ctx.tx, entry.circleId);
  if (!circle) return false;
  return (await entryAccess(ctx.tx, requireActor(ctx.actor), { entry, circleKind: circle.kind, circleOwner: circle.ownerId }, ctx.now)).readable;
}

/** Add a signature; the third unrelated signer sends the appeal to the circle. Only members of the co-op sign. */
async function addSigner(ctx: Ctx, appealId: string, personId: string, reason: string) {
  if (!(await isCoopMember(ctx.tx, personId))) {
    throw new NotAllowed('Only members of the co-op sign an appeal: admitted in a member class, not on probation and not left.');
  }
  const signers = await ctx.tx.select({ personId: appealSigners.personId }).from(appealSigners).where(eq(appealSigners.appealId, appealId));
  if (signers.some((s) => s.personId === personId)) throw new Conflict('You have already signed this appeal.');
  const teams = await Promise.all([...signers.map((s) => s.personId), personId].map((id) => teamsOf(ctx, id)));
  if (!areUnrelated(teams)) throw new Conflict('Signers of an appeal must be unrelated: you share a team with someone who has already signed.');
  await ctx.tx.insert(appealSigners).values({ id: newId(), appealId, personId, reason, createdAt: ctx.now });
  return signers.length + 1;
}

export async function openAppeal(ctx: Ctx, raw: Record<string, unknown> & { logbookEntryId: string }): Promise<{ appealId: string }> {
  const actor = requireActor(ctx.actor);
  if (!isUuid(raw.logbookEntryId)) throw new NotFound('That decision was not found.');
  const [entry] = await ctx.tx.select().from(logbookEntries).where(eq(logbookEntries.id, raw.logbookEntryId));
  if (!entry || !(await mayRead(ctx, entry))) throw new NotFound('That decision was not found.');
  if (!isInForce(entry.state) || entry.kind === 'minutes') throw new Conflict('Only a decision that is in force can be appealed.');
  const v = parseInput(appealInput, raw);
  const [open] = await ctx.tx.select({ n: count() }).from(appeals).where(and(eq(appeals.logbookEntryId, entry.id), eq(appeals.state, 'gathering')));
  if ((open?.n ?? 0) > 0) throw new Conflict('An appeal against this decision is already gathering signatures: sign that one.');
  const appealId = newId();
  await ctx.tx.insert(appeals).values({ id: appealId, logbookEntryId: entry.id, grounds: v.grounds, openedBy: actor.personId, createdAt: ctx.now, updatedAt: ctx.now });
  await addSigner(ctx, appealId, actor.personId, v.grounds);
  await ctx.emit({ type: 'appeal.opened', subjectType: 'appeal', subjectId: appealId, data: { logbookEntryId: entry.id } });
  return { appealId };
}

export async function signAppeal(ctx: Ctx, raw: Record<string, unknown> & { appealId: string }): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor);
  const { appeal, entry } = await lockAppeal(ctx, raw.appealId);
  assertAppealStep('sign', appeal.state);
  const v = parseInput(signInput, raw);
  const signed = await addSigner(ctx, appeal.id, actor.personId, v.reason);
  let state = appeal.state;
  if (signed >= SIGNERS_NEEDED) {
    state = 'circle_review';
    const full = (await circleMembership(ctx.tx, entry.circleId, ctx.now)).filter((m) => m.participation === 'full');
    await notify(ctx.tx, ctx.now, full.map((m) => m.personId), { text: `Three members have appealed a decision: ${entry.title}`, href: `/appeals/${appeal.id}` });
  }
  await ctx.tx.update(appeals).set({ state, updatedAt: ctx.now }).where(eq(appeals.id, appeal.id));
  await ctx.emit({ type: 'appeal.signed', subjectType: 'appeal', subjectId: appeal.id, data: { signers: signed } });
  return { state };
}

/**
 * Put an outcome to the circle (or the panel) for its consent: a member of the body proposes
 * the step and says why, which counts as their own consent; answers given to an earlier
 * outcome are cleared. Nothing is decided until every member has consented (answerAppeal).
 */
export async function decideAppeal(ctx: Ctx, raw: Record<string, unknown> & { appealId: string }): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor);
  const { appeal, entry } = await lockAppeal(ctx, raw.appealId);
  const v = parseInput(decideInput, raw);
  const step = v.step as AppealStep;
  const stage = await deciderStage(ctx, appeal, entry, actor.personId, step.startsWith('panel'));
  assertAppealStep(step, appeal.state);
  if (step === 'to-panel' && (await eligiblePanel(ctx.tx, ctx.now, appeal.id, entry)).length < 2) {
    throw new Invalid({ step: 'A wider panel needs at least two people who neither made the decision nor signed the appeal: this circle has no Delegate and parent circle to form one' });
  }
  await ctx.tx.update(appeals).set({ proposedStep: step, proposedNote: v.note, proposedBy: actor.personId, updatedAt: ctx.now }).where(eq(appeals.id, appeal.id));
  await ctx.tx.delete(appealAnswers).where(and(eq(appealAnswers.appealId, appeal.id), eq(appealAnswers.stage, stage)));
  await ctx.tx.insert(appealAnswers).values({ id: newId(), appealId: appeal.id, stage, personId: actor.personId, answer: 'consent', reason: null, at: ctx.now });
  await ctx.emit({ type: 'appeal.outcome-put', subjectType: 'appeal', subjectId: appeal.id, data: { step, note: v.note } });
  const deciders = await decidersNow(ctx.tx, ctx.now, appeal, entry);
  const settled = await settleIfAgreed(ctx, { ...appeal, proposedStep: step, proposedNote: v.note, proposedBy: actor.personId }, entry, deciders);
  if (!settled) {
    await notify(ctx.tx, ctx.now, deciders.filter((id) => id !== actor.personId), { text: `Your consent is asked on an appeal: ${entry.title}`, href: `/appeals/${appeal.id}` });
  }
  return { state: settled ?? appeal.state };
}

/** A member of the circle (or the panel) answers the outcome put to it: consent, or an objection with its reason. */
export async function answerAppeal(ctx: Ctx, raw: Record<string, unknown> & { appealId: string }): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor);
  const { appeal, entry } = await lockAppeal(ctx, raw.appealId);
  const stage = await deciderStage(ctx, appeal, entry, actor.personId, appeal.state === 'panel_review');
  if (!appeal.proposedStep) throw new Conflict('No outcome has been put yet: put one for the others to consent to.');
  const v = parseInput(answerInput, raw);
  await ctx.tx
    .insert(appealAnswers)
    .values({ id: newId(), appealId: appeal.id, stage, personId: actor.personId, answer: v.answer, reason: v.reason, at: ctx.now })
    .onConflictDoUpdate({ target: [appealAnswers.appealId, appealAnswers.stage, appealAnswers.personId], set: { answer: v.answer, reason: v.reason, at: ctx.now } });
  await ctx.emit({ type: `appeal.${v.answer}`, subjectType: 'appeal', subjectId: appeal.id, data: { step: appeal.proposedStep } });
  if (v.answer === 'objection' && appeal.proposedBy) {
    await notify(ctx.tx, ctx.now, [appeal.proposedBy], { text: `An objection to the outcome you put on the appeal: ${entry.title}`, href: `/appeals/${appeal.id}` });
  }
  const settled = await settleIfAgreed(ctx, appeal, entry, await decidersNow(ctx.tx, ctx.now, appeal, entry));
  return { state: settled ?? appeal.state };
}

/** The stage the person decides in: they must be one of its members now, and the step must be this stage's. */
async function deciderStage(ctx: Ctx, appeal: Appeal, entry: Entry, personId: string, panelStep: boolean): Promise<DecidingStage> {
  if (appeal.state !== 'circle_review' && appeal.state !== 'panel_review') throw new Conflict(`That cannot be done while the appeal is ${appeal.state.replace('_', ' ')}.`);
  if (panelStep !== (appeal.state === 'panel_review')) throw new Conflict(`That cannot be done while the appeal is ${appeal.state.replace('_', ' ')}.`);
  const deciders = await decidersNow(ctx.tx, ctx.now, appeal, entry);
  if (!deciders.includes(personId)) {
    throw new NotAllowed(appeal.state === 'panel_review' ? 'Only members of the appeal panel answer for it.' : 'Only full participants of the circle answer for it.');
  }
  return appeal.state;
}

/** When every member has consented to the outcome put, it takes effect; returns the new state, or null while it waits. */
async function settleIfAgreed(ctx: Ctx, appeal: Appeal, entry: Entry, deciders: string[]): Promise<string | null> {
  const step = appeal.proposedStep as AppealStep | null;
  if (!step || (appeal.state !== 'circle_review' && appeal.state !== 'panel_review')) return null;
  if (!isAgreed(step, deciders, await answersAt(ctx.tx, appeal.id, appeal.state))) return null;
  const state = appealSteps[step].to[0];
  const note = appeal.proposedNote ?? '';
  let panel = appeal.panel;
  if (step === 'to-panel') {
    panel = await eligiblePanel(ctx.tx, ctx.now, appeal.id, entry);
    if (panel.length < 2) throw new Invalid({ step: 'A wider panel needs at least two people who neither made the decision nor signed the appeal' });
    await notify(ctx.tx, ctx.now, panel, { text: `You are on the panel for an appeal: ${entry.title}`, href: `/appeals/${appeal.id}` });
  }
  if (step === 'panel-uphold') {
    await recordLogbookEntry(ctx, {
      circleId: entry.circleId,
      kind: 'decision',
      title: `Appeal upheld: ${entry.title}`,
      text: `${note}\n\nUpheld by the consent of the panel: ${deciders.length} members.`,
      authorId: appeal.proposedBy,
      sourceType: 'appeal',
      sourceId: appeal.id,
      reviewDate: null,
      supersedes: { id: entry.id, state: 'retired' },
    });
  }
  await ctx.tx
    .update(appeals)
    .set({ state, panel, outcomeNote: note, proposedStep: null, proposedNote: null, proposedBy: null, updatedAt: ctx.now })
    .where(eq(appeals.id, appeal.id));
  await ctx.emit({ type: `appeal.${step}`, subjectType: 'appeal', subjectId: appeal.id, data: { note, consentOf: deciders } });
  return state;
}
