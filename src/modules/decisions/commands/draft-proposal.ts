import { and, eq } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { isoDate } from '../../circles/dates.ts';
import { getCircle } from '../../circles/queries.ts';
import { hatInForce } from '../../circles/roles.ts';
import { hatAssignments, hatDefinitions, logbookEntries } from '../../circles/schema.ts';
import { standingIn } from '../load.ts';
import { checkedEffect, insertEffects, MAX_EFFECTS } from '../mandates/commands.ts';
import { canPropose } from '../policy.ts';
import { proposals, proposalVersions } from '../schema.ts';
import { checkReviewDate, draftInput } from '../validation.ts';

/**
 * Start a proposal as a draft. The circle's Facilitator (or, if none, the author) facilitates
 * it. `effects` (JSON API) states what it authorises; with none it is a plain decision or policy.
 */
export async function draftProposal(
  ctx: Ctx,
  raw: Record<string, unknown> & { reviewOf?: string; reviewOutcome?: 'continue' | 'amend' | 'retire' },
): Promise<{ proposalId: string }> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(draftInput, raw);
  checkReviewDate(v.reviewDate, ctx.now);
  const circle = await getCircle(ctx.tx, v.circleId);
  if (!circle) throw new NotFound('That circle was not found.');
  if (!canPropose(await standingIn(ctx.tx, circle.id, actor, ctx.now))) {
    throw new NotAllowed('Only full or learning participants of this circle can bring a proposal to it.');
  }
  if (raw.reviewOf) {
    const [entry] = await ctx.tx.select().from(logbookEntries).where(eq(logbookEntries.id, raw.reviewOf));
    if (!entry || entry.circleId !== circle.id) throw new NotFound('That logbook entry was not found in this circle.');
  }
  const effects = [];
  if (raw.effects !== undefined) {
    if (!Array.isArray(raw.effects) || raw.effects.length > MAX_EFFECTS) throw new Invalid({ effects: `Send the effects as a list of at most ${MAX_EFFECTS}` });
    for (const [i, effect] of raw.effects.entries()) {
      try {
        effects.push(await checkedEffect(ctx.tx, circle.id, typeof effect === 'object' && effect !== null ? (effect as Record<string, unknown>) : {}));
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        throw new Invalid(Object.fromEntries(Object.entries(error.fields).map(([field, message]) => [`effects.${i}.${field}`, message])));
      }
    }
  }
  const [facilitator] = await ctx.tx
    .select({ personId: hatAssignments.personId })
    .from(hatAssignments)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
    .where(
      and(
        eq(hatAssignments.circleId, circle.id),
        eq(hatDefinitions.role, 'facilitator'),
        hatInForce(isoDate(ctx.now)),
      ),
    )
    .limit(1);
  const proposalId = newId();
  await ctx.tx.insert(proposals).values({
    id: proposalId,
    circleId: circle.id,
    authorId: actor.personId,
    facilitatorId: facilitator?.personId ?? actor.personId,
    outcomeKind: v.outcomeKind,
    inDomain: v.inDomain,
    isMajor: v.isMajor,
    needsResolution: v.needsResolution,
    domainNote: v.domainNote,
    reviewOf: raw.reviewOf ?? null,
    reviewOutcome: raw.reviewOutcome ?? null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  await ctx.tx.insert(proposalVersions).values({
    id: newId(),
    proposalId,
    version: 1,
    title: v.title,
    driver: v.driver,
    text: v.text,
    term: v.term,
    reviewDate: v.reviewDate,
    amendedBy: actor.personId,
    createdAt: ctx.now,
  });
  await insertEffects(ctx, { id: proposalId, circleId: circle.id }, 1, effects);
  await ctx.emit({ type: 'proposal.drafted', subjectType: 'proposal', subjectId: proposalId, data: { circleId: circle.id } });
  return { proposalId };
}
