import { eq, sql } from 'drizzle-orm';
import { HOUR, MINUTE } from '../../../platform/clock.ts';
import type { Ctx } from '../../../platform/context.ts';
import { newId, newSecret, sha256 } from '../../../platform/ids.ts';
import { queueMail } from '../../../platform/mail.ts';
import { assertUnderLimit, recordHit } from '../../../platform/rate-limit.ts';
import { parseInput } from '../../../platform/validate.ts';
import { passwordResets, people } from '../schema.ts';
import { resetRequestInput } from '../validation.ts';

export const RESET_LIFETIME_MS = 1 * HOUR;
export const RESET_LIMIT = { max: 3, windowMs: 60 * MINUTE };
export const RESET_IP_LIMIT = { max: 20, windowMs: 60 * MINUTE };

/**
 * Always answers the same way whether or not the address has an account, so the form cannot
 * be used to discover who is a member. Only a real account gets an email.
 */
export async function requestPasswordReset(
  ctx: Ctx,
  input: { email?: unknown; ip: string; baseUrl: string },
): Promise<void> {
  const { email } = parseInput(resetRequestInput, input);
  const emailBucket = `reset:email:${email}`;
  const ipBucket = `reset:ip:${input.ip}`;
  await assertUnderLimit(ctx.tx, ctx.now, { bucket: emailBucket, ...RESET_LIMIT });
  await assertUnderLimit(ctx.tx, ctx.now, { bucket: ipBucket, ...RESET_IP_LIMIT });
  await recordHit(ctx.tx, ctx.now, emailBucket);
  await recordHit(ctx.tx, ctx.now, ipBucket);
  const [person] = await ctx.tx
    .select({ id: people.id, name: people.name, email: people.email })
    .from(people)
    .where(eq(sql`lower(${people.email})`, email));
  if (!person) return;
  const token = newSecret();
  const id = newId();
  await ctx.tx.insert(passwordResets).values({
    id,
    tokenHash: sha256(token),
    personId: person.id,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + RESET_LIFETIME_MS),
  });
  await queueMail(ctx.tx, ctx.now, {
    to: person.email,
    subject: 'Reset your Care Circles password',
    body: [
      `Hello ${person.name},`,
      '',
      'Someone asked to reset the password for your Care Circles account.',
      'To choose a new password, open this link within one hour:',
      `${input.baseUrl}/reset-password/${token}`,
      '',
      'If it was not you, ignore this email: your password has not changed.',
    ].join('\n'),
  });
  await ctx.emit({ type: 'password-reset.requested', subjectType: 'person', subjectId: person.id });
}
