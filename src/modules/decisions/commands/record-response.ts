import { and, eq, isNull } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, NotAllowed } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { circleMembership } from '../../circles/queries.ts';
import { lockProposal, standingIn } from '../load.ts';
import { assertStep } from '../machine.ts';
import { canRecordFor } from '../policy.ts';
import { consentResponses } from '../schema.ts';
import { responseInput } from '../validation.ts';

/**
 * Consent (perhaps with a concern) or a reasoned objection, for oneself online, or recorded by
 * the facilitator for each person in a meeting. Only full participants answer; an answer can
 * be changed until the round closes.
 */
export async function recordResponse(ctx: Ctx, raw: Record<string, unknown> & { proposalId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  const { proposal, version } = await lockProposal(ctx.tx, raw.proposalId);
  const standing = await standingIn(ctx.tx, proposal.circleId, actor, ctx.now);
  const v = parseInput(responseInput, raw);
  const personId = v.personId ?? actor.personId;
  if (!canRecordFor(actor, proposal, standing, personId)) {
    throw new NotAllowed('You can only answer for yourself, or for others as facilitator in a meeting.');
  }
  const member = (await circleMembership(ctx.tx, proposal.circleId, ctx.now)).find((m) => m.personId === personId);
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
    version: version.version,
    createdAt: ctx.now,
  };
  await ctx.tx
    .insert(consentResponses)
    .values({ id: newId(), proposalId: proposal.id, round: proposal.round, personId, ...values })
    .onConflictDoUpdate({ target: [consentResponses.proposalId, consentResponses.round, consentResponses.personId], set: values });
  await ctx.emit({ type: 'proposal.response-recorded', subjectType: 'proposal', subjectId: proposal.id, data: { personId, response: v.response, round: proposal.round } });
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
