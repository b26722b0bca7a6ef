import { eq } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, NotAllowed } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { getCircle } from '../../circles/queries.ts';
import { lockProposal, standingIn } from '../load.ts';
import { nextState } from '../machine.ts';
import { proposals, proposalVersions } from '../schema.ts';

/** After repeated deadlock the facilitator passes the proposal to the parent circle as a new draft. */
export async function referProposal(ctx: Ctx, input: { proposalId: string }): Promise<{ referredTo: string }> {
  const actor = requireActor(ctx.actor);
  const { proposal, version } = await lockProposal(ctx.tx, input.proposalId);
  const standing = await standingIn(ctx.tx, proposal.circleId, actor, ctx.now);
  if (actor.personId !== proposal.facilitatorId && !standing.isFacilitatorHat) {
    throw new NotAllowed('Only the facilitator can refer a proposal to the parent circle.');
  }
  const state = nextState('refer', proposal.state);
  const circle = await getCircle(ctx.tx, proposal.circleId);
  if (!circle?.parentId) throw new Conflict('This circle has no parent circle to refer to.');
  const referredTo = newId();
  await ctx.tx.insert(proposals).values({
    id: referredTo,
    circleId: circle.parentId,
    authorId: proposal.authorId,
    facilitatorId: actor.personId,
    outcomeKind: proposal.outcomeKind,
    referredFrom: proposal.id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  await ctx.tx.insert(proposalVersions).values({ ...version, id: newId(), proposalId: referredTo, version: 1, createdAt: ctx.now, reason: `Referred from ${circle.name}` });
  await ctx.tx.update(proposals).set({ state, updatedAt: ctx.now }).where(eq(proposals.id, proposal.id));
  await ctx.emit({ type: 'proposal.referred', subjectType: 'proposal', subjectId: proposal.id, data: { referredTo } });
  return { referredTo };
}
