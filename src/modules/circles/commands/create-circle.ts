import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { canSetUpCircles } from '../policy.ts';
import { circleMembership } from '../queries.ts';
import { circles, hatDefinitions } from '../schema.ts';
import { useOnce } from '../../decisions/mandates/use.ts';

const input = z.object({
  name: z.string().trim().min(1, 'Give the circle a name').max(120, 'Name must be 120 characters or fewer'),
  kind: z.enum(['circle', 'team']).default('circle'),
  aim: z.string().trim().min(1, 'Say what effect the circle wants (its aim)').max(2000, 'Aim is too long'),
  domain: z.string().trim().min(1, 'Say what the circle owns and decides on (its domain)').max(4000, 'Domain is too long'),
  parentId: z.uuid('Choose a parent circle').nullable().default(null),
  ownerId: z.uuid().nullable().default(null),
  decisionId: z.uuid('Choose the decision that creates this circle').nullable().default(null),
});

// Every circle gets the process hats sociocracy needs; a circle below the top also gets its links.
export const processHats = [
  { role: 'leader', name: 'Leader', purpose: 'Link from the parent circle: holds the circle to its aim and carries the parent circle\'s view.', needsParent: true },
  { role: 'delegate', name: 'Delegate', purpose: 'Elected by the circle to carry its view to the parent circle, with consent rights there.', needsParent: true },
  { role: 'facilitator', name: 'Facilitator', purpose: 'Runs meetings and consent rounds fairly.', needsParent: false },
  { role: 'secretary', name: 'Secretary', purpose: 'Prepares meetings, keeps minutes and reminds people of reviews.', needsParent: false },
  { role: 'logbook-keeper', name: 'Logbook Keeper', purpose: 'Keeps the logbook complete and current.', needsParent: false },
];

/**
 * Creates a circle with its process hats. A parent must exist; a new circle has no children,
 * so it can never close a cycle. Below the top, a circle is normally created by adopting the
 * parent's proposal with a create_circle effect (decisions/mandates), which calls insertCircle.
 */
export async function createCircle(ctx: Ctx, raw: z.input<typeof input>): Promise<{ circleId: string }> {
  const v = parseInput(input, raw);
  if (!canSetUpCircles(ctx.actor)) {
    // Everyone else creates a circle only below a parent, citing the parent's adopted decision.
    if (!ctx.actor || !v.parentId) throw new NotAllowed('Only the co-op\'s admins create top-level circles.');
    const member = (await circleMembership(ctx.tx, v.parentId, ctx.now)).find((m) => m.personId === ctx.actor?.personId);
    if (member?.participation !== 'full') throw new NotAllowed('Only full participants of the parent circle can create a circle under it.');
    // The parent's adopted decision must carry an unused effect creating exactly this circle.
    await useOnce(
      ctx,
      { field: 'decisionId', decisionId: v.decisionId, circleId: v.parentId, kind: 'create_circle', act: 'creates this circle' },
      (p) => p.name === v.name,
      { createdBy: ctx.actor.personId },
    );
  }
  return insertCircle(ctx, v);
}

/** The same fields and messages for every way a circle is made. */
export const circleInput = input;
export type NewCircle = z.output<typeof input>;

/**
 * Internal: the creation itself, after the caller has checked who may create it. Shared by
 * createCircle and the Team Starter's startTeam (a Local Circle's Team Starter starts a team
 * under it without a separate decision), so every circle is made the same way.
 */
export async function insertCircle(ctx: Ctx, v: NewCircle): Promise<{ circleId: string }> {
  if (v.parentId) {
    const [parent] = await ctx.tx.select({ id: circles.id, kind: circles.kind }).from(circles).where(eq(circles.id, v.parentId));
    if (!parent) throw new Invalid({ parentId: 'That parent circle does not exist' });
    if (parent.kind === 'team') throw new Invalid({ parentId: 'A team cannot have circles under it' });
  }
  if (v.kind === 'team' && !v.ownerId) throw new Invalid({ ownerId: 'A team needs its owner: the person getting support' });
  const circleId = newId();
  const { decisionId, ...fields } = v;
  await ctx.tx.insert(circles).values({ id: circleId, ...fields, createdByDecision: decisionId, createdAt: ctx.now });
  const hats = processHats.filter((h) => v.parentId || !h.needsParent);
  await ctx.tx.insert(hatDefinitions).values(
    hats.map((h) => ({
      id: newId(),
      circleId,
      role: h.role,
      name: h.name,
      kind: 'process' as const,
      purpose: h.purpose,
      termMonths: 12,
      reviewMonths: 6,
      createdAt: ctx.now,
    })),
  );
  await ctx.emit({ type: 'circle.created', subjectType: 'circle', subjectId: circleId, data: { name: v.name, parentId: v.parentId } });
  return { circleId };
}
