import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { NotFound } from '../../../platform/errors.ts';
import { sha256 } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { hashPassword } from '../passwords.ts';
import { passwordResets, people, sessions } from '../schema.ts';
import { resetInput } from '../validation.ts';

/** Set a new password from a reset link; every existing session is signed out. */
export async function resetPassword(
  ctx: Ctx,
  input: Record<string, unknown> & { token: string },
): Promise<{ personId: string }> {
  const v = parseInput(resetInput, input);
  const [reset] = await ctx.tx
    .update(passwordResets)
    .set({ usedAt: ctx.now })
    .where(
      and(
        eq(passwordResets.tokenHash, sha256(input.token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, ctx.now),
      ),
    )
    .returning();
  if (!reset) throw new NotFound('This reset link has expired or has already been used.');
  await ctx.tx
    .update(people)
    .set({ passwordHash: await hashPassword(v.password) })
    .where(eq(people.id, reset.personId));
  await ctx.tx
    .update(sessions)
    .set({ revokedAt: ctx.now })
    .where(and(eq(sessions.personId, reset.personId), isNull(sessions.revokedAt)));
  await ctx.emit({ type: 'password.reset', subjectType: 'person', subjectId: reset.personId });
  return { personId: reset.personId };
}
