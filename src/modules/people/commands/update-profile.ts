import { eq } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { parseInput } from '../../../platform/validate.ts';
import { people } from '../schema.ts';
import { profileInput } from '../validation.ts';

export async function updateProfile(ctx: Ctx, input: Record<string, unknown>): Promise<void> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(profileInput, input);
  await ctx.tx
    .update(people)
    .set({
      name: v.name,
      preferredName: v.preferredName,
      pronouns: v.pronouns,
      phone: v.phone,
      address: v.address,
      preferredChannel: v.preferredChannel,
      language: v.language,
      accessibility: {
        largeText: v.largeText,
        reducedMotion: v.reducedMotion,
        highContrast: v.highContrast,
        ...(v.accessibilityNotes ? { notes: v.accessibilityNotes } : {}),
      },
    })
    .where(eq(people.id, actor.personId));
  await ctx.emit({ type: 'person.profile-updated', subjectType: 'person', subjectId: actor.personId });
}
