// Factories for tests that need an adopted decision with a mandate (not a test file itself).
import { eq } from 'drizzle-orm';
import { makePerson } from '../../../../test/support/app.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Clock, FakeClock } from '../../../platform/clock.ts';
import { type Ctx, run } from '../../../platform/context.ts';
import type { Database } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { advanceProposal } from '../commands/advance-proposal.ts';
import { closeRound, settleByResolution } from '../commands/close-round.ts';
import { draftProposal } from '../commands/draft-proposal.ts';
import { recordResponse } from '../commands/record-response.ts';
import { startConsentRound } from '../commands/start-consent-round.ts';
import { proposals, proposalVersions } from '../schema.ts';
import { checkedEffect, insertEffects } from './commands.ts';

type Deps = { database: Database; clock: Clock };
const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'System', isAdmin: true, via: 'system' };
export const proposalText = { title: 'A decision with a mandate', driver: 'We need to act on this.', text: 'The circle decides as stated in its mandate.', reviewDate: '2027-06-01' };

/**
 * A proposal of the circle carrying these effects, consented and then adopted through the real
 * adoption (settleByResolution runs the same adopt() as closeRound), without walking the
 * consent process, which its own tests cover. Returns the logbook entry (the decision) id.
 */
export async function adoptedDecision(deps: Deps, circleId: string, effects: Record<string, unknown>[], title = proposalText.title): Promise<{ entryId: string; proposalId: string }> {
  const author = await makePerson(deps as { database: Database; clock: FakeClock });
  const proposalId = await pendingDecision(deps, circleId, effects, title, author.personId);
  await run(deps, system, settleByResolution, { proposalId, passed: true });
  const [row] = await deps.database.db.select({ entryId: proposals.logbookEntryId }).from(proposals).where(eq(proposals.id, proposalId));
  return { entryId: row?.entryId as string, proposalId };
}

/** The same proposal, consented but not adopted (waiting for a members' resolution). */
export async function pendingDecision(deps: Deps, circleId: string, effects: Record<string, unknown>[], title = proposalText.title, authorId?: string): Promise<string> {
  const author = authorId ?? (await makePerson(deps as { database: Database; clock: FakeClock })).personId;
  return run(deps, system, async (ctx: Ctx) => {
    const checked = [];
    for (const e of effects) checked.push(await checkedEffect(ctx.tx, circleId, e));
    const proposalId = newId();
    await ctx.tx.insert(proposals).values({ id: proposalId, circleId, authorId: author, facilitatorId: author, state: 'awaiting_resolution', needsResolution: true, createdAt: ctx.now, updatedAt: ctx.now });
    await ctx.tx.insert(proposalVersions).values({ id: newId(), proposalId, version: 1, ...proposalText, title, amendedBy: author, createdAt: ctx.now });
    await insertEffects(ctx, { id: proposalId, circleId }, 1, checked);
    return proposalId;
  }, {});
}

/**
 * The whole consent process, online: the author drafts with the effects, takes it to a round,
 * every full participant consents for themselves, the author closes it.
 */
export async function adoptByConsent(deps: Deps, circleId: string, author: Actor, others: Actor[], effects: Record<string, unknown>[]) {
  const { proposalId } = await run(deps, author, draftProposal, { ...proposalText, circleId, inDomain: 'on', effects });
  for (const step of ['present', 'start-clarifying', 'start-reactions'] as const) await run(deps, author, advanceProposal, { proposalId, step });
  const deadline = new Date(deps.clock.now().getTime() + 7 * 86_400_000).toISOString();
  await run(deps, author, startConsentRound, { proposalId, mode: 'online', deadline });
  for (const who of [author, ...others]) await run(deps, who, recordResponse, { proposalId, response: 'consent' });
  const closed = await run(deps, author, closeRound, { proposalId });
  return { proposalId, ...closed };
}
