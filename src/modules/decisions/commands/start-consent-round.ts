import { eq } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import { HOUR } from '../../../platform/clock.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../../platform/errors.ts';
import { openMeetingOf } from '../../circles/meetings/on-the-record.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { notify } from '../../../platform/notify.ts';
import { parseInput } from '../../../platform/validate.ts';
import { describeInstant } from '../../../platform/zoned-time.ts';
import { fullParticipants, lockProposal, standingIn } from '../load.ts';
import { nextState } from '../machine.ts';
import { canSteer } from '../policy.ts';
import { proposals } from '../schema.ts';
import { consentRoundInput } from '../validation.ts';

/**
 * Open a consent round on the current version. In a meeting the facilitator records each
 * answer; online each full participant answers by the deadline, with a reminder a day before
 * and the round closed by a job at the deadline.
 */
export async function startConsentRound(ctx: Ctx, raw: Record<string, unknown> & { proposalId: string }): Promise<{ round: number }> {
  const actor = requireActor(ctx.actor);
  const { proposal, version } = await lockProposal(ctx.tx, raw.proposalId);
  if (!canSteer(actor, proposal, await standingIn(ctx.tx, proposal.circleId, actor, ctx.now))) {
    throw new NotAllowed('Only the author or the facilitator can start a consent round.');
  }
  const state = nextState('start-consent-round', proposal.state);
  if (proposal.state === 'consent_round' && !(proposal.mode === 'online' && proposal.deadline && proposal.deadline <= ctx.now)) {
    throw new Conflict('A consent round is already open; a new one starts only after an online deadline has passed without every answer.');
  }
  const v = parseInput(consentRoundInput, raw);
  // A round in a meeting happens inside an open meeting of the circle, on its record.
  const meetingId = v.mode === 'meeting' ? await openMeetingOf(ctx.tx, proposal.circleId, raw.meetingId) : null;
  const deadline = v.deadline;
  if (v.mode === 'online' && (!deadline || deadline <= ctx.now)) {
    throw new Invalid({ deadline: 'An online round needs a deadline in the future' });
  }
  const round = proposal.round + 1;
  await ctx.tx
    .update(proposals)
    .set({ state, round, mode: v.mode, meetingId, deadline: v.mode === 'online' ? deadline : null, updatedAt: ctx.now })
    .where(eq(proposals.id, proposal.id));
  await ctx.emit({ type: 'proposal.consent-round-started', subjectType: 'proposal', subjectId: proposal.id, data: { round, mode: v.mode, version: version.version } });
  if (v.mode === 'online' && deadline) {
    const payload = { proposalId: proposal.id, round };
    await enqueue(ctx.tx, { kind: 'proposal.close-at-deadline', payload, runAt: deadline, dedupeKey: `proposal-close:${proposal.id}:${round}` });
    const remindAt = new Date(Math.max(ctx.now.getTime(), deadline.getTime() - 24 * HOUR));
    await enqueue(ctx.tx, { kind: 'proposal.remind', payload, runAt: remindAt, dedupeKey: `proposal-remind:${proposal.id}:${round}` });
    const full = await fullParticipants(ctx.tx, proposal.circleId, ctx.now);
    await notify(ctx.tx, ctx.now, full, {
      text: `Your consent or objection is needed by ${describeInstant(deadline)}: ${version.title}`,
      href: `/proposals/${proposal.id}`,
    });
  }
  return { round };
}
