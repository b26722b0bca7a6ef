import { and, eq, isNull } from 'drizzle-orm';
import { requireActor } from '../../../../platform/authz.ts';
import type { Ctx } from '../../../../platform/context.ts';
import { NotAllowed, NotFound } from '../../../../platform/errors.ts';
import { isUuid } from '../../../../platform/ids.ts';
import { notify } from '../../../../platform/notify.ts';
import { hatAssignments, logbookEntries } from '../../schema.ts';
import { nextSelectionState } from '../machine.ts';
import { selectionResponses, selections } from '../schema.ts';

/**
 * The person an answer was recorded for at a meeting says it was not theirs: it stops counting
 * and the consent round is open again. If the candidate was already appointed on it, the
 * appointment is undone (the hat assignment ended, the logbook entry retired), because a
 * selection stands only with everyone's consent.
 */
export async function disputeSelectionResponse(ctx: Ctx, input: { selectionId: string }): Promise<{ state: string }> {
  const actor = requireActor(ctx.actor);
  if (!isUuid(input.selectionId)) throw new NotFound('That selection was not found.');
  const [s] = await ctx.tx.select().from(selections).where(eq(selections.id, input.selectionId)).for('update');
  if (!s) throw new NotFound('That selection was not found.');
  const [answer] = await ctx.tx.select().from(selectionResponses)
    .where(and(eq(selectionResponses.selectionId, s.id), eq(selectionResponses.round, s.round), eq(selectionResponses.personId, actor.personId), isNull(selectionResponses.disputedAt)));
  if (!answer || answer.recordedBy === actor.personId) throw new NotAllowed('No answer was recorded in your name by someone else in this round.');
  const state = nextSelectionState('reopen', s.state);
  await ctx.tx.update(selectionResponses).set({ disputedAt: ctx.now }).where(eq(selectionResponses.id, answer.id));
  if (s.state === 'appointed' && s.candidateId) {
    await ctx.tx.update(hatAssignments).set({ endedAt: ctx.now })
      .where(and(eq(hatAssignments.hatId, s.hatId), eq(hatAssignments.personId, s.candidateId), isNull(hatAssignments.endedAt)));
    if (s.logbookEntryId) await ctx.tx.update(logbookEntries).set({ state: 'retired' }).where(eq(logbookEntries.id, s.logbookEntryId));
  }
  await ctx.tx.update(selections).set({ state, logbookEntryId: null, updatedAt: ctx.now }).where(eq(selections.id, s.id));
  await ctx.emit({ type: 'selection.answer-disputed', subjectType: 'selection', subjectId: s.id, data: { personId: actor.personId, recordedBy: answer.recordedBy } });
  await notify(ctx.tx, ctx.now, [...new Set([answer.recordedBy, s.facilitatorId])], {
    text: `${actor.name} disputed the answer recorded for them in a selection: the consent round is open again.`,
    href: `/selections/${s.id}`,
  });
  return { state };
}
