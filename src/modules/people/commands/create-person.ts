import { z } from 'zod';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { hashPassword } from '../passwords.ts';
import { people } from '../schema.ts';
import { email, newPassword, personName } from '../validation.ts';

const input = z.object({ email, name: personName, password: newPassword, isAdmin: z.boolean().default(false) });

/**
 * For the operator's `create-admin` command and the demo seed only: everyone else joins by
 * invitation. Runs as the system, so it has no web route.
 */
export async function createPerson(
  ctx: Ctx,
  raw: { email: string; name: string; password: string; isAdmin?: boolean; preferredName?: string; pronouns?: string },
): Promise<{ personId: string }> {
  const v = parseInput(input, raw);
  const personId = newId();
  const inserted = await ctx.tx
    .insert(people)
    .values({
      id: personId,
      email: v.email,
      name: v.name,
      preferredName: raw.preferredName ?? null,
      pronouns: raw.pronouns ?? null,
      passwordHash: await hashPassword(v.password),
      isAdmin: v.isAdmin,
      createdAt: ctx.now,
    })
    .onConflictDoNothing()
    .returning({ id: people.id });
  if (inserted.length === 0) throw new Invalid({ email: 'Someone with this email address already has an account' });
  await ctx.emit({ type: 'person.created', subjectType: 'person', subjectId: personId, data: { isAdmin: v.isAdmin } });
  return { personId };
}
