import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { people } from '../../people/schema.ts';
import { canActForCircle } from '../policy.ts';
import { circleMembership } from '../queries.ts';
import { circleMembers, circles, participationTypes } from '../schema.ts';

const input = z.object({
  circleId: z.uuid(),
  personId: z.uuid('Choose a person'),
  participation: z.enum(participationTypes, { error: 'Choose full, learning or guest' }).default('full'),
});

/** A full participant of the circle (or an admin) adds someone, as full, learning or guest. */
export async function addMember(ctx: Ctx, raw: z.input<typeof input>): Promise<{ memberId: string }> {
  const v = parseInput(input, raw);
  const [circle] = await ctx.tx.select({ id: circles.id }).from(circles).where(eq(circles.id, v.circleId)).for('update');
  if (!circle) throw new NotFound('That circle does not exist.');
  const mine = ctx.actor ? (await circleMembership(ctx.tx, v.circleId, ctx.now)).find((m) => m.personId === ctx.actor?.personId) : undefined;
  if (!canActForCircle(ctx.actor, mine?.participation)) throw new NotAllowed('Only full participants of this circle can add members.');
  const [person] = await ctx.tx.select({ id: people.id }).from(people).where(eq(people.id, v.personId));
  if (!person) throw new Invalid({ personId: 'That person does not exist' });
  const [existing] = await ctx.tx
    .select({ id: circleMembers.id })
    .from(circleMembers)
    .where(and(eq(circleMembers.circleId, v.circleId), eq(circleMembers.personId, v.personId), isNull(circleMembers.leftAt)));
  if (existing) throw new Conflict('That person is already a member of this circle.');
  const memberId = newId();
  await ctx.tx.insert(circleMembers).values({ id: memberId, ...v, joinedAt: ctx.now });
  await ctx.emit({ type: 'circle.member-joined', subjectType: 'circle', subjectId: v.circleId, data: { personId: v.personId, participation: v.participation } });
  return { memberId };
}

/** Leave a circle. Hats held there stay until re-selected: leaving well means handing them over. */
export async function leaveCircle(ctx: Ctx, input: { circleId: string }): Promise<void> {
  if (!ctx.actor) throw new NotAllowed();
  if (!isUuid(input.circleId)) throw new NotFound('That circle does not exist.');
  const left = await ctx.tx
    .update(circleMembers)
    .set({ leftAt: ctx.now })
    .where(and(eq(circleMembers.circleId, input.circleId), eq(circleMembers.personId, ctx.actor.personId), isNull(circleMembers.leftAt)))
    .returning({ id: circleMembers.id });
  if (left.length === 0) throw new NotFound('You are not a direct member of this circle.');
  await ctx.emit({ type: 'circle.member-left', subjectType: 'circle', subjectId: input.circleId, data: { personId: ctx.actor.personId } });
}
