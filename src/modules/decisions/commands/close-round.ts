import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, NotAllowed } from '../../../platform/errors.ts';
import { notify } from '../../../platform/notify.ts';
import { recordLogbookEntry } from '../../circles/commands/record-logbook-entry.ts';
import { getCircle } from '../../circles/queries.ts';
import { getSetting } from '../../membership/settings.ts';
import { proposalHistory } from '../history.ts';
import { runAdoptionHooks, runResolutionNeededHooks } from '../hooks.ts';
import { fullParticipants, lockProposal, standingIn } from '../load.ts';
import { applyMandates } from '../mandates/apply.ts';
import { assertStep, roundOutcome } from '../machine.ts';
import { canSteer } from '../policy.ts';
import { consentResponses, proposals } from '../schema.ts';

const reviewStates = { continue: 'continued', amend: 'amended', retire: 'retired' } as const;

/**
 * Close the round: adopted when every full participant has consented (and the logbook entry
 * is written in the same transaction), back to objections while any stands, or refused while
 * answers are missing. At an online deadline the system closes it; silence then counts only
 * if the circle's policy says so.
 */
export async function closeRound(
  ctx: Ctx,
  input: { proposalId: string; atDeadline?: boolean },
): Promise<{ state: 'adopted' | 'objections' | 'consent_round' | 'awaiting_resolution'; logbookEntryId?: string }> {
  const { proposal, version } = await lockProposal(ctx.tx, input.proposalId);
  if (!input.atDeadline) {
    const actor = ctx.actor as Actor | null;
    if (!actor || !canSteer(actor, proposal, await standingIn(ctx.tx, proposal.circleId, actor, ctx.now))) {
      throw new NotAllowed('Only the author or the facilitator can close the round.');
    }
  }
  assertStep('close-round', proposal.state);
  const circle = await getCircle(ctx.tx, proposal.circleId);
  const full = await fullParticipants(ctx.tx, proposal.circleId, ctx.now);
  const responses = await ctx.tx
    .select()
    .from(consentResponses)
    // A disputed answer (recorded for someone who says it was not theirs) does not count.
    .where(and(eq(consentResponses.proposalId, proposal.id), eq(consentResponses.round, proposal.round), isNull(consentResponses.disputedAt)));
  const deadlinePassed = Boolean(input.atDeadline || (proposal.deadline && proposal.deadline <= ctx.now));
  const outcome = roundOutcome({
    fullParticipants: full,
    responses: responses.map((r) => ({ personId: r.personId, response: r.response, withdrawn: r.withdrawnAt !== null })),
    deadlinePassed,
    // The circle's own policy, or the co-op-wide setting the members decided.
    silenceIsConsent: (circle?.silenceIsConsent ?? false) || (await getSetting(ctx.tx, 'silenceIsConsent')),
  });
  if (outcome === 'waiting') {
    const missing = full.filter((p) => !responses.some((r) => r.personId === p)).length;
    if (input.atDeadline) {
      await notify(ctx.tx, ctx.now, [proposal.facilitatorId], {
        text: `The deadline passed with ${missing} people not answering: ${version.title}. Silence does not count as consent in this circle: start a new round with a new deadline, amend, withdraw or refer it.`,
        href: `/proposals/${proposal.id}`,
      });
      return { state: 'consent_round' };
    }
    throw new Conflict(`${missing} full participants have not answered yet.`);
  }
  if (outcome === 'objections') {
    await ctx.tx.update(proposals).set({ state: 'objections', updatedAt: ctx.now }).where(eq(proposals.id, proposal.id));
    await ctx.emit({ type: 'proposal.objections', subjectType: 'proposal', subjectId: proposal.id, data: { round: proposal.round } });
    return { state: 'objections' };
  }
  if (proposal.needsResolution) {
    await ctx.tx.update(proposals).set({ state: 'awaiting_resolution', updatedAt: ctx.now }).where(eq(proposals.id, proposal.id));
    await ctx.emit({ type: 'proposal.awaiting-resolution', subjectType: 'proposal', subjectId: proposal.id });
    await runResolutionNeededHooks(ctx, proposal, version.title, version.text);
    return { state: 'awaiting_resolution' };
  }
  const entryId = await adopt(ctx, proposal, version);
  return { state: 'adopted', logbookEntryId: entryId };
}

type Locked = Awaited<ReturnType<typeof lockProposal>>;

/**
 * Adoption: the logbook entry (with the whole story), the mandate's effects applied or made
 * available (citing that entry), the state, and other modules' hooks.
 */
async function adopt(ctx: Ctx, proposal: Locked['proposal'], version: Locked['version']): Promise<string> {
  const { entryId } = await recordLogbookEntry(ctx, {
    circleId: proposal.circleId,
    kind: proposal.outcomeKind,
    title: version.title,
    text: version.text,
    authorId: proposal.authorId,
    sourceType: 'proposal',
    sourceId: proposal.id,
    history: await proposalHistory(ctx.tx, proposal.id),
    reviewDate: version.reviewDate,
    ...(proposal.reviewOf && proposal.reviewOutcome
      ? { supersedes: { id: proposal.reviewOf, state: reviewStates[proposal.reviewOutcome] } }
      : {}),
  });
  await applyMandates(ctx, proposal, entryId);
  await ctx.tx.update(proposals).set({ state: 'adopted', logbookEntryId: entryId, updatedAt: ctx.now }).where(eq(proposals.id, proposal.id));
  await ctx.emit({ type: 'proposal.adopted', subjectType: 'proposal', subjectId: proposal.id, data: { logbookEntryId: entryId } });
  await runAdoptionHooks(ctx, proposal, entryId);
  return entryId;
}

/** Internal: a general meeting's resolution settles a long-term decision: adopted only if it passed. */
export async function settleByResolution(ctx: Ctx, input: { proposalId: string; passed: boolean }): Promise<{ state: 'adopted' | 'rejected' }> {
  const { proposal, version } = await lockProposal(ctx.tx, input.proposalId);
  assertStep('settle-by-resolution', proposal.state);
  if (input.passed) {
    await adopt(ctx, proposal, version);
    return { state: 'adopted' };
  }
  await ctx.tx.update(proposals).set({ state: 'rejected', updatedAt: ctx.now }).where(eq(proposals.id, proposal.id));
  await ctx.emit({ type: 'proposal.rejected', subjectType: 'proposal', subjectId: proposal.id });
  return { state: 'rejected' };
}
