import { eq } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { NotAllowed } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { lockProposal, standingIn } from '../load.ts';
import { nextState } from '../machine.ts';
import { copyEffects } from '../mandates/commands.ts';
import { canSteer } from '../policy.ts';
import { proposals, proposalVersions } from '../schema.ts';
import { amendInput, checkReviewDate } from '../validation.ts';

/**
 * A new version with the reason; the old ones stay. Amending to resolve objections needs a new
 * round. The new version carries the previous one's effects (its mandate), less `removeEffect`.
 */
export async function amendProposal(ctx: Ctx, raw: Record<string, unknown> & { proposalId: string }): Promise<{ version: number }> {
  const actor = requireActor(ctx.actor);
  const { proposal } = await lockProposal(ctx.tx, raw.proposalId);
  if (!canSteer(actor, proposal, await standingIn(ctx.tx, proposal.circleId, actor, ctx.now))) {
    throw new NotAllowed('Only the author or the facilitator can amend this proposal.');
  }
  const state = nextState('amend', proposal.state);
  const v = parseInput(amendInput, raw);
  checkReviewDate(v.reviewDate, ctx.now);
  const version = proposal.version + 1;
  await ctx.tx.insert(proposalVersions).values({
    id: newId(),
    proposalId: proposal.id,
    version,
    title: v.title,
    driver: v.driver,
    text: v.text,
    term: v.term,
    reviewDate: v.reviewDate,
    amendedBy: actor.personId,
    reason: v.reason,
    createdAt: ctx.now,
  });
  await copyEffects(ctx, proposal.id, proposal.version, version, typeof raw.removeEffect === 'string' ? raw.removeEffect : null);
  await ctx.tx.update(proposals).set({ version, state, updatedAt: ctx.now }).where(eq(proposals.id, proposal.id));
  await ctx.emit({ type: 'proposal.amended', subjectType: 'proposal', subjectId: proposal.id, data: { version, reason: v.reason } });
  return { version };
}
