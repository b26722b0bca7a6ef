import { and, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { recordLogbookEntry } from '../../circles/commands/record-logbook-entry.ts';
import { circleHats, circleMembership, circlesOf, getCircle } from '../../circles/queries.ts';
import { logbookEntries } from '../../circles/schema.ts';
import { type AppealStep, SIGNERS_NEEDED, appealSteps, areUnrelated, assertAppealStep } from './machine.ts';
import { appealSigners, appeals } from './schema.ts';

export const appealInput = z.object({
  grounds: z.string({ error: 'Say why the decision should be looked at again' }).trim().min(20, 'Say why the decision should be looked at again (at least 20 characters)').max(4000, 'Grounds must be 4000 characters or fewer'),
});
export const signInput = z.object({
  reason: z.string({ error: 'Give your reason for signing' }).trim().min(10, 'Give your reason for signing (at least 10 characters)').max(2000, 'Reason must be 2000 characters or fewer'),
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
  if (!entry) throw new NotFound('That decision was not found.');
  return { appeal, entry };
}

/** Add a signature; the third unrelated signer sends the appeal to the circle. */
async function addSigner(ctx: Ctx, appealId: string, personId: string, reason: string) {
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
  const circle = entry ? await getCircle(ctx.tx, entry.circleId) : null;
  if (!entry || !circle) throw new NotFound('That decision was not found.');
  const mine = (await circlesOf(ctx.tx, actor.personId)).map((c) => c.id);
  if ((circle.kind === 'team' || entry.confidential) && !mine.includes(circle.id)) throw new NotFound('That decision was not found.');
  if (entry.state !== 'in_force' || entry.kind === 'minutes') throw new Conflict('Only a decision that is in force can be appealed.');
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

/** Record the circle's or the panel's decision on the appeal. */
export async function decideAppeal(ctx: Ctx, raw: Record<string, unknown> & { appealId: string }): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor);
  const { appeal, entry } = await lockAppeal(ctx, raw.appealId);
  const v = parseInput(decideInput, raw);
  const step = v.step as AppealStep;
  const panelStep = step.startsWith('panel');
  const allowed = panelStep
    ? appeal.panel.includes(actor.personId)
    : (await circleMembership(ctx.tx, entry.circleId, ctx.now)).some((m) => m.personId === actor.personId && m.participation === 'full');
  if (!allowed) throw new NotAllowed(panelStep ? 'Only members of the appeal panel record its decision.' : 'Only full participants of the circle record its decision.');
  assertAppealStep(step, appeal.state);
  const state = appealSteps[step].to[0];
  let panel = appeal.panel;
  if (step === 'to-panel') {
    const circle = await getCircle(ctx.tx, entry.circleId);
    const delegates = (await circleHats(ctx.tx, entry.circleId, ctx.now)).filter((h) => h.role === 'delegate').flatMap((h) => h.holders.map((x) => x.personId));
    const parent = circle?.parentId ? (await circleMembership(ctx.tx, circle.parentId, ctx.now)).filter((m) => m.participation === 'full').map((m) => m.personId) : [];
    panel = [...new Set([...delegates, ...parent])];
    if (panel.length === 0) throw new Invalid({ step: 'This circle has no Delegate and no parent circle to form a panel' });
    await notify(ctx.tx, ctx.now, panel, { text: `You are on the panel for an appeal: ${entry.title}`, href: `/appeals/${appeal.id}` });
  }
  if (step === 'panel-uphold') {
    await recordLogbookEntry(ctx, {
      circleId: entry.circleId,
      kind: 'decision',
      title: `Appeal upheld: ${entry.title}`,
      text: v.note,
      authorId: actor.personId,
      sourceType: 'appeal',
      sourceId: appeal.id,
      reviewDate: null,
      supersedes: { id: entry.id, state: 'retired' },
    });
  }
  await ctx.tx.update(appeals).set({ state, panel, outcomeNote: v.note, updatedAt: ctx.now }).where(eq(appeals.id, appeal.id));
  await ctx.emit({ type: `appeal.${step}`, subjectType: 'appeal', subjectId: appeal.id, data: { note: v.note } });
  return { state };
}

