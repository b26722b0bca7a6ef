import { and, eq, gte, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { addMonths, isoDate } from '../dates.ts';
import { runHatGuards } from '../hat-guards.ts';
import { kindRules } from '../kind-rules.ts';
import { isInternal } from './add-member.ts';
import { canSetUpCircles, conflictingRole } from '../policy.ts';
import { circles, hatAssignments, hatDefinitions } from '../schema.ts';

const input = z.object({
  hatId: z.uuid(),
  personId: z.uuid(),
  termStart: z.iso.date('Enter the start of the term as a date').optional(),
  chosenBy: z.enum(['election', 'self-selected', 'appointed']).default('election'),
});

/**
 * Give a person a hat for its term. The circle row is locked so two assignments cannot race
 * past the Leader/Delegate rule.
 */
export async function assignHat(ctx: Ctx, raw: z.input<typeof input>): Promise<{ assignmentId: string; termEnd: string }> {
  if (!canSetUpCircles(ctx.actor)) throw new NotAllowed();
  const v = parseInput(input, raw);
  const [hat] = await ctx.tx.select().from(hatDefinitions).where(eq(hatDefinitions.id, v.hatId));
  if (!hat) throw new NotFound('That hat does not exist.');
  const [circle] = await ctx.tx.select().from(circles).where(eq(circles.id, hat.circleId)).for('update');
  // A Team's hats are chosen its own way (a selection, which assigns as the system).
  const rules = circle && !isInternal(ctx.actor) ? kindRules(circle.kind) : undefined;
  if (circle && rules) await rules.assignHat(ctx, circle, v.personId);
  await runHatGuards(ctx, hat, v.personId);
  const termStart = v.termStart ?? isoDate(ctx.now);
  const termEnd = addMonths(termStart, hat.termMonths);
  const today = isoDate(ctx.now);
  const other = hat.role ? conflictingRole[hat.role] : undefined;
  if (other) {
    const [clash] = await ctx.tx
      .select({ id: hatAssignments.id })
      .from(hatAssignments)
      .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
      .where(
        and(
          eq(hatAssignments.circleId, hat.circleId),
          eq(hatAssignments.personId, v.personId),
          eq(hatDefinitions.role, other),
          isNull(hatAssignments.endedAt),
          gte(hatAssignments.termEnd, today),
        ),
      );
    if (clash) throw new Invalid({ personId: 'The Leader and the Delegate of a circle must be different people' });
  }
  const [current] = await ctx.tx
    .select({ id: hatAssignments.id })
    .from(hatAssignments)
    .where(and(eq(hatAssignments.hatId, v.hatId), eq(hatAssignments.personId, v.personId), isNull(hatAssignments.endedAt), gte(hatAssignments.termEnd, today)));
  if (current) throw new Conflict('That person already wears this hat.');
  const assignmentId = newId();
  await ctx.tx.insert(hatAssignments).values({
    id: assignmentId,
    hatId: v.hatId,
    circleId: hat.circleId,
    personId: v.personId,
    termStart,
    termEnd,
    reviewDate: addMonths(termStart, hat.reviewMonths),
    chosenBy: v.chosenBy,
    createdAt: ctx.now,
  });
  await ctx.emit({ type: 'hat.assigned', subjectType: 'circle', subjectId: hat.circleId, data: { hatId: v.hatId, personId: v.personId, termEnd } });
  return { assignmentId, termEnd };
}
