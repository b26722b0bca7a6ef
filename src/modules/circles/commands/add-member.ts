import { and, eq, gte, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { people } from '../../people/schema.ts';
import { isoDate } from '../dates.ts';
import { kindRules } from '../kind-rules.ts';
import { circleMembership } from '../queries.ts';
import { circleMembers, circles, hatAssignments, hatDefinitions, participationTypes } from '../schema.ts';

const input = z.object({
  circleId: z.uuid(),
  personId: z.uuid('Choose a person'),
  participation: z.enum(participationTypes, { error: 'Choose full, learning or guest' }).default('full'),
});

/** Code setting data up (the demo, a selection's result, test set-up), never a person's request. */
export const isInternal = (actor: Actor | null): boolean => actor === null || actor.via === 'system';

/** Whether the person holds the circle's Leader hat today: a term begun, not ended, not over. */
async function leadsCircle(ctx: Ctx, circleId: string, personId: string): Promise<boolean> {
  const today = isoDate(ctx.now);
  const [hat] = await ctx.tx
    .select({ id: hatAssignments.id })
    .from(hatAssignments)
    .innerJoin(hatDefinitions, eq(hatDefinitions.id, hatAssignments.hatId))
    .where(and(
      eq(hatAssignments.circleId, circleId), eq(hatAssignments.personId, personId), eq(hatDefinitions.role, 'leader'),
      isNull(hatAssignments.endedAt), lte(hatAssignments.termStart, today), gte(hatAssignments.termEnd, today),
    ))
    .limit(1);
  return !!hat;
}

type CircleRow = typeof circles.$inferSelect;

/**
 * Who may add someone to this circle. A Team asks its own rules (invitation or request, then a
 * trial: nobody, an admin included, adds anyone another way). Any other circle: its own full
 * participants and its Leader (chosen by the parent, so a new sub-circle can be peopled); an
 * admin only for a founding circle (one with no parent), which nobody else can start.
 * Refusals are those of the POST and of its form page alike.
 */
export async function checkMayAddMember(ctx: Ctx, circle: CircleRow, personId?: string): Promise<void> {
  if (isInternal(ctx.actor)) return;
  const actor = ctx.actor as Actor;
  const rules = kindRules(circle.kind);
  if (rules) return rules.addMember(ctx, circle, personId ?? '');
  const mine = (await circleMembership(ctx.tx, circle.id, ctx.now, [actor.personId]))[0];
  if (mine?.participation === 'full') return;
  if (await leadsCircle(ctx, circle.id, actor.personId)) return;
  if (actor.isAdmin && circle.parentId === null) return;
  throw new NotAllowed('Only full participants of this circle and its Leader can add members.');
}

export async function loadCircleForChange(ctx: Ctx, circleId: unknown): Promise<CircleRow> {
  const [circle] = isUuid(circleId) ? await ctx.tx.select().from(circles).where(eq(circles.id, circleId)).for('update') : [];
  if (!circle) throw new NotFound('That circle does not exist.');
  return circle;
}

/** Add someone to a circle, as full, learning or guest, by the rule of checkMayAddMember. */
export async function addMember(ctx: Ctx, raw: z.input<typeof input>): Promise<{ memberId: string }> {
  const circle = await loadCircleForChange(ctx, raw.circleId);
  await checkMayAddMember(ctx, circle, typeof raw.personId === 'string' ? raw.personId : undefined);
  const v = parseInput(input, raw);
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

/**
 * Leave a circle. A Team is left its own way (leaving well: hats handed over first, a farewell
 * in the team chat); `farewell` is passed on to it. Elsewhere hats held stay until re-selected.
 */
export async function leaveCircle(ctx: Ctx, input: { circleId: string; farewell?: unknown }): Promise<void> {
  if (!ctx.actor) throw new NotAllowed();
  if (!isUuid(input.circleId)) throw new NotFound('That circle does not exist.');
  const [circle] = await ctx.tx.select().from(circles).where(eq(circles.id, input.circleId));
  const rules = circle ? kindRules(circle.kind) : undefined;
  if (circle && rules) return rules.leave(ctx, circle, { farewell: input.farewell });
  const left = await ctx.tx
    .update(circleMembers)
    .set({ leftAt: ctx.now })
    .where(and(eq(circleMembers.circleId, input.circleId), eq(circleMembers.personId, ctx.actor.personId), isNull(circleMembers.leftAt)))
    .returning({ id: circleMembers.id });
  if (left.length === 0) throw new NotFound('You are not a direct member of this circle.');
  // Leaving removes every right at once: the hats worn in this circle end with the membership
  // (terms that were still to start included), so nobody keeps a Facilitator's or Secretary's say.
  const ended = await ctx.tx
    .update(hatAssignments)
    .set({ endedAt: ctx.now })
    .where(and(eq(hatAssignments.circleId, input.circleId), eq(hatAssignments.personId, ctx.actor.personId), isNull(hatAssignments.endedAt)))
    .returning({ hatId: hatAssignments.hatId });
  await ctx.emit({ type: 'circle.member-left', subjectType: 'circle', subjectId: input.circleId, data: { personId: ctx.actor.personId, hatsEnded: ended.map((h) => h.hatId) } });
}
