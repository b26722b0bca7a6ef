import { and, eq, isNull } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, NotAllowed } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { circleMembership } from '../../circles/queries.ts';
import { lockProposal } from '../load.ts';
import { assertStep, nextState } from '../machine.ts';
import { answersForSelf } from '../policy.ts';
import { assertMayAnswerFor } from '../../circles/meetings/on-the-record.ts';
import { notify } from '../../../platform/notify.ts';
import { logbookEntries } from '../../circles/schema.ts';
import { consentResponses, proposals } from '../schema.ts';
import { responseInput } from '../validation.ts';

/**
 * Consent (perhaps with a concern) or a reasoned objection, for oneself online, or recorded by
 * the facilitator for each person in a meeting. Only full participants answer; an answer can
 * be changed until the round closes.
 */
export async function recordResponse(ctx: Ctx, raw: Record<string, unknown> & { proposalId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const { proposal, version } = await lockProposal(ctx.tx, raw.proposalId);
  const v = parseInput(responseInput, raw);
  const personId = v.personId ?? actor.personId;
  const members = await circleMembership(ctx.tx, proposal.circleId, ctx.now);
  if (!answersForSelf(actor, personId) && proposal.mode !== 'meeting') {
    throw new NotAllowed('In an online round each person gives their own answer.');
  }
  const onRecord = answersForSelf(actor, personId)
    ? null
    : await assertMayAnswerFor(ctx.tx, { actor, circleId: proposal.circleId, meetingId: proposal.meetingId, personId, members });
  const member = members.find((m) => m.personId === personId);
  if (member?.participation !== 'full') {
    throw new NotAllowed('Only full participants of the circle can consent or object.');
  }
  assertStep('respond', proposal.state);
  if (proposal.mode === 'online' && proposal.deadline && proposal.deadline <= ctx.now) {
    throw new Conflict('The deadline for this round has passed.');
  }
  const values = {
    response: v.response,
    concern: v.response === 'consent' ? v.concern : null,
    reason: v.response === 'objection' ? v.reason : null,
    recordedBy: actor.personId,
    meetingId: onRecord?.meetingId ?? null,
    version: version.version,
    createdAt: ctx.now,
    disputedAt: null,
  };
  await ctx.tx
    .insert(consentResponses)
    .values({ id: newId(), proposalId: proposal.id, round: proposal.round, personId, ...values })
    .onConflictDoUpdate({ target: [consentResponses.proposalId, consentResponses.round, consentResponses.personId], set: values });
  await ctx.emit({ type: 'proposal.response-recorded', subjectType: 'proposal', subjectId: proposal.id, data: { personId, response: v.response, round: proposal.round, recordedBy: actor.personId } });
  if (onRecord) {
    // Every person hears of an answer recorded in their name, and can say it was not theirs.
    await notify(ctx.tx, ctx.now, [personId], {
      text: `${actor.name} recorded your ${v.response} at the meeting on "${version.title}". If that is not what you said, dispute it.`,
      href: `/proposals/${proposal.id}`,
    });
  }
}

/** The objector resolves their own objection by withdrawing it; it then counts as consent. */
export async function withdrawObjection(ctx: Ctx, input: { proposalId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const { proposal } = await lockProposal(ctx.tx, input.proposalId);
  assertStep('withdraw-objection', proposal.state);
  const updated = await ctx.tx
    .update(consentResponses)
    .set({ withdrawnAt: ctx.now })
    .where(
      and(
        eq(consentResponses.proposalId, proposal.id),
        eq(consentResponses.round, proposal.round),
        eq(consentResponses.personId, actor.personId),
        eq(consentResponses.response, 'objection'),
        isNull(consentResponses.withdrawnAt),
      ),
    )
    .returning({ id: consentResponses.id });
  if (updated.length === 0) throw new NotAllowed('You have no open objection to withdraw on this proposal.');
  await ctx.emit({ type: 'proposal.objection-withdrawn', subjectType: 'proposal', subjectId: proposal.id, data: { personId: actor.personId } });
}

/**
 * The person an answer was recorded for at a meeting says it was not theirs: it stops counting
 * and the round is open again, for them to answer themselves. If the proposal was already
 * adopted on that answer, the adoption is undone in the logbook (the entry is retired, with the
 * reason), because a decision is adopted only with everyone's consent.
 */
export async function disputeResponse(ctx: Ctx, raw: Record<string, unknown> & { proposalId: string }): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor);
  const { proposal, version } = await lockProposal(ctx.tx, raw.proposalId);
  const [answer] = await ctx.tx
    .select()
    .from(consentResponses)
    .where(and(eq(consentResponses.proposalId, proposal.id), eq(consentResponses.round, proposal.round), eq(consentResponses.personId, actor.personId), isNull(consentResponses.disputedAt)));
  if (!answer || answer.recordedBy === actor.personId) throw new NotAllowed('No answer was recorded in your name by someone else in this round.');
  const state = nextState('reopen', proposal.state);
  await ctx.tx.update(consentResponses).set({ disputedAt: ctx.now }).where(eq(consentResponses.id, answer.id));
  if (proposal.logbookEntryId) {
    await ctx.tx.update(logbookEntries).set({ state: 'retired' }).where(eq(logbookEntries.id, proposal.logbookEntryId));
  }
  await ctx.tx.update(proposals).set({ state, logbookEntryId: null, updatedAt: ctx.now }).where(eq(proposals.id, proposal.id));
  await ctx.emit({ type: 'proposal.answer-disputed', subjectType: 'proposal', subjectId: proposal.id, data: { personId: actor.personId, recordedBy: answer.recordedBy, round: proposal.round, retiredEntry: proposal.logbookEntryId } });
  await notify(ctx.tx, ctx.now, [...new Set([answer.recordedBy, proposal.facilitatorId, proposal.authorId])], {
    text: `${actor.name} disputed the answer recorded for them on "${version.title}": the consent round is open again.`,
    href: `/proposals/${proposal.id}`,
  });
  return { state };
}
