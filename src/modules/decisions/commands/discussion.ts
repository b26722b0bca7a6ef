import { and, eq, isNull } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { NotAllowed, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { lockProposal, standingIn } from '../load.ts';
import { assertStep } from '../machine.ts';
import { canSteer, canTakePart } from '../policy.ts';
import { proposalQuestions, proposalReactions } from '../schema.ts';
import { answerInput, questionInput, reactionInput } from '../validation.ts';

// Clarifying questions (no opinions yet) and reactions: any member of the circle takes part.

export async function askQuestion(ctx: Ctx, raw: Record<string, unknown> & { proposalId: string }): Promise<{ questionId: string }> {
  const actor = requireActor(ctx.actor);
  const { proposal } = await lockProposal(ctx.tx, raw.proposalId);
  if (!canTakePart(await standingIn(ctx.tx, proposal.circleId, actor, ctx.now))) throw new NotAllowed('Only members of the circle can ask.');
  assertStep('ask', proposal.state);
  const { question } = parseInput(questionInput, raw);
  const questionId = newId();
  await ctx.tx.insert(proposalQuestions).values({ id: questionId, proposalId: proposal.id, askedBy: actor.personId, question, createdAt: ctx.now });
  await ctx.emit({ type: 'proposal.question-asked', subjectType: 'proposal', subjectId: proposal.id, data: { questionId } });
  return { questionId };
}

export async function answerQuestion(ctx: Ctx, raw: Record<string, unknown> & { proposalId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const { proposal } = await lockProposal(ctx.tx, raw.proposalId);
  if (!canSteer(actor, proposal, await standingIn(ctx.tx, proposal.circleId, actor, ctx.now))) {
    throw new NotAllowed('The author or the facilitator answers clarifying questions.');
  }
  assertStep('answer', proposal.state);
  const v = parseInput(answerInput, raw);
  const done = await ctx.tx
    .update(proposalQuestions)
    .set({ answer: v.answer, answeredBy: actor.personId, answeredAt: ctx.now })
    .where(and(eq(proposalQuestions.id, v.questionId), eq(proposalQuestions.proposalId, proposal.id), isNull(proposalQuestions.answer)))
    .returning({ id: proposalQuestions.id });
  if (done.length === 0) throw new NotFound('That question was not found or is already answered.');
  await ctx.emit({ type: 'proposal.question-answered', subjectType: 'proposal', subjectId: proposal.id, data: { questionId: v.questionId } });
}

export async function addReaction(ctx: Ctx, raw: Record<string, unknown> & { proposalId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const { proposal, version } = await lockProposal(ctx.tx, raw.proposalId);
  if (!canTakePart(await standingIn(ctx.tx, proposal.circleId, actor, ctx.now))) throw new NotAllowed('Only members of the circle can react.');
  assertStep('react', proposal.state);
  const { text } = parseInput(reactionInput, raw);
  await ctx.tx.insert(proposalReactions).values({ id: newId(), proposalId: proposal.id, personId: actor.personId, version: version.version, text, createdAt: ctx.now });
  await ctx.emit({ type: 'proposal.reaction-added', subjectType: 'proposal', subjectId: proposal.id });
}
