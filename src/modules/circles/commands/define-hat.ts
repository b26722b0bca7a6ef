import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { canActForCircle } from '../policy.ts';
import { circleMembership, getCircle } from '../queries.ts';
import { definableRoles } from '../roles.ts';
import { hatDefinitions, hatKinds } from '../schema.ts';
import { kindRules } from '../kind-rules.ts';
import { isInternal } from './add-member.ts';
import { assertHatNameFree } from './hat-names.ts';
import { recordLogbookEntry } from './record-logbook-entry.ts';

export const hatInput = z.object({
  name: z.string({ error: 'Name the hat' }).trim().min(1, 'Name the hat').max(80, 'Name must be 80 characters or fewer'),
  kind: z.enum(hatKinds, { error: 'Choose the kind of hat' }).default('operational'),
  purpose: z.string({ error: 'Say what the hat is for' }).trim().min(1, 'Say what the hat is for').max(1000, 'Purpose must be 1000 characters or fewer'),
  responsibilities: z
    .string({ error: 'List the responsibilities, one per line' })
    .max(4000, 'Responsibilities must be 4000 characters or fewer')
    .transform((v) => v.split('\n').map((l) => l.trim()).filter(Boolean))
    .refine((l) => l.length > 0, 'List at least one responsibility, one per line'),
  termMonths: z.coerce.number({ error: 'Enter the term in months' }).int('Enter whole months').min(1, 'A term is at least 1 month').max(60, 'A term is at most 60 months'),
  reviewMonths: z.coerce.number({ error: 'Enter the review interval in months' }).int('Enter whole months').min(1, 'Review at least every 60 months, at most every month').max(60, 'Review at least every 60 months'),
  requiresChecks: z
    .union([z.literal('on'), z.literal('true'), z.boolean()])
    .optional()
    .transform((v) => v === 'on' || v === 'true' || v === true),
  /** The platform role the hat carries, if any; its rights come from this, never from its name. */
  role: z
    .union([z.literal(''), z.enum(definableRoles, { error: 'Choose one of the roles, or none' })])
    .optional()
    .transform((v) => v || null),
});

/**
 * Who may define a hat in a circle: its full participants (or admins); a Team says who names its
 * hats (its own people), asked first so an outsider learns nothing. The form page asks the same.
 */
export async function checkMayDefineHat(ctx: Ctx, input: { circleId: string }) {
  const circle = await getCircle(ctx.tx, input.circleId);
  if (!circle) throw new NotFound('That circle was not found.');
  const rules = isInternal(ctx.actor) ? undefined : kindRules(circle.kind);
  if (rules) await rules.defineHat(ctx, circle);
  const me = ctx.actor ? (await circleMembership(ctx.tx, circle.id, ctx.now, [ctx.actor.personId]))[0] : undefined;
  if (!canActForCircle(ctx.actor, me?.participation)) throw new NotAllowed('Only full participants of this circle can define its hats.');
  return circle;
}

/** A circle defines a hat of its own; the definition is recorded in its logbook as a policy. */
export async function defineHat(ctx: Ctx, raw: Record<string, unknown> & { circleId: string }): Promise<{ hatId: string }> {
  const circle = await checkMayDefineHat(ctx, { circleId: raw.circleId });
  const v = parseInput(hatInput, raw);
  await assertHatNameFree(ctx, circle.id, v.name);
  if (v.role) {
    const [taken] = await ctx.tx.select({ name: hatDefinitions.name }).from(hatDefinitions).where(and(eq(hatDefinitions.circleId, circle.id), eq(hatDefinitions.role, v.role)));
    if (taken) throw new Invalid({ role: `The ${taken.name} hat already carries that role in this circle` });
  }
  const hatId = newId();
  await ctx.tx.insert(hatDefinitions).values({ id: hatId, circleId: circle.id, ...v, createdAt: ctx.now });
  await recordLogbookEntry(ctx, {
    circleId: circle.id,
    kind: 'policy',
    title: `Hat: ${v.name}`,
    text: `${v.purpose}\n\nResponsibilities:\n${v.responsibilities.map((r) => `- ${r}`).join('\n')}\n\nTerm: ${v.termMonths} months. Review every ${v.reviewMonths} months.${v.requiresChecks ? ' Needs checks and training.' : ''}`,
    authorId: ctx.actor?.personId ?? null,
    sourceType: 'hat',
    sourceId: hatId,
    reviewDate: null,
  });
  await ctx.emit({ type: 'hat.defined', subjectType: 'circle', subjectId: circle.id, data: { hatId, name: v.name } });
  return { hatId };
}
