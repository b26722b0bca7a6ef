import { eq } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { NotAllowed } from '../../../platform/errors.ts';
import { notify } from '../../../platform/notify.ts';
import { circleMembership } from '../../circles/queries.ts';
import { lockProposal, standingIn } from '../load.ts';
import { nextState } from '../machine.ts';
import { canSteer } from '../policy.ts';
import { proposals } from '../schema.ts';

export type SimpleStep = 'present' | 'start-clarifying' | 'start-reactions' | 'withdraw';

/** The steps that only move the proposal on: present, open clarifying, open reactions, withdraw. */
export async function advanceProposal(ctx: Ctx, input: { proposalId: string; step: SimpleStep }): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor);
  const { proposal, version } = await lockProposal(ctx.tx, input.proposalId);
  if (!canSteer(actor, proposal, await standingIn(ctx.tx, proposal.circleId, actor, ctx.now))) {
    throw new NotAllowed('Only the author or the facilitator can move this proposal on.');
  }
  const state = nextState(input.step, proposal.state);
  await ctx.tx.update(proposals).set({ state, updatedAt: ctx.now }).where(eq(proposals.id, proposal.id));
  await ctx.emit({ type: `proposal.${input.step}`, subjectType: 'proposal', subjectId: proposal.id, data: { state } });
  if (input.step === 'present') {
    const members = await circleMembership(ctx.tx, proposal.circleId, ctx.now);
    await notify(
      ctx.tx,
      ctx.now,
      members.map((m) => m.personId).filter((id) => id !== actor.personId),
      { text: `New proposal in your circle: ${version.title}`, href: `/proposals/${proposal.id}` },
    );
  }
  return { state };
}
