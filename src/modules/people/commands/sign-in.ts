import { eq, sql } from 'drizzle-orm';
import { MINUTE } from '../../../platform/clock.ts';
import type { Ctx } from '../../../platform/context.ts';
import { assertUnderLimit, recordHit } from '../../../platform/rate-limit.ts';
import { parseInput } from '../../../platform/validate.ts';
import { checkPassword } from '../passwords.ts';
import { people } from '../schema.ts';
import { signInInput } from '../validation.ts';
import { createSession } from './create-session.ts';

export const SIGN_IN_LIMIT = { max: 5, windowMs: 15 * MINUTE };
export const SIGN_IN_IP_LIMIT = { max: 30, windowMs: 15 * MINUTE };

export type SignInResult =
  | { ok: true; token: string; sessionId: string; personId: string }
  | { ok: false };

/**
 * Failed attempts are counted per email and per address and committed with the failure, so
 * the limit holds across instances. A wrong password returns {ok:false} (not an exception)
 * precisely so that the count is kept.
 */
export async function signIn(
  ctx: Ctx,
  input: { email?: unknown; password?: unknown; ip: string; userAgent: string },
): Promise<SignInResult> {
  const { email, password } = parseInput(signInInput, input);
  const emailBucket = `sign-in:email:${email}`;
  const ipBucket = `sign-in:ip:${input.ip}`;
  await assertUnderLimit(ctx.tx, ctx.now, { bucket: emailBucket, ...SIGN_IN_LIMIT });
  await assertUnderLimit(ctx.tx, ctx.now, { bucket: ipBucket, ...SIGN_IN_IP_LIMIT });
  const [person] = await ctx.tx
    .select({ id: people.id, passwordHash: people.passwordHash })
    .from(people)
    .where(eq(sql`lower(${people.email})`, email));
  if (!person || !(await checkPassword(person.passwordHash ?? null, password))) {
    await recordHit(ctx.tx, ctx.now, emailBucket);
    await recordHit(ctx.tx, ctx.now, ipBucket);
    return { ok: false };
  }
  const session = await createSession(ctx, person.id, input.userAgent);
  await ctx.emit({ type: 'person.signed-in', subjectType: 'person', subjectId: person.id });
  return { ok: true, ...session, personId: person.id };
}
