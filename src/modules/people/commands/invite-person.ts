import { and, eq, isNull, sql } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import { DAY } from '../../../platform/clock.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed } from '../../../platform/errors.ts';
import { newId, newSecret, sha256 } from '../../../platform/ids.ts';
import { queueMail } from '../../../platform/mail.ts';
import { parseInput } from '../../../platform/validate.ts';
import { canInvite } from '../policy.ts';
import { invitations, people } from '../schema.ts';
import { inviteInput } from '../validation.ts';

export const INVITATION_LIFETIME_MS = 14 * DAY;

/** Sign-up is by invitation only: a single-use link that expires, sent by email. */
export async function invitePerson(
  ctx: Ctx,
  input: Record<string, unknown> & { baseUrl: string },
): Promise<{ invitationId: string; link: string }> {
  const actor = requireActor(ctx.actor);
  if (!canInvite(actor)) throw new NotAllowed('Only people allowed to invite can send invitations.');
  const v = parseInput(inviteInput, input);
  const [existing] = await ctx.tx
    .select({ id: people.id })
    .from(people)
    .where(eq(sql`lower(${people.email})`, v.email));
  if (existing) throw new Invalid({ email: 'Someone with this email address already has an account' });
  // A new invitation replaces any earlier unused one for the same address.
  await ctx.tx
    .update(invitations)
    .set({ revokedAt: ctx.now })
    .where(and(eq(invitations.email, v.email), isNull(invitations.usedAt), isNull(invitations.revokedAt)));
  const token = newSecret();
  const invitationId = newId();
  await ctx.tx.insert(invitations).values({
    id: invitationId,
    tokenHash: sha256(token),
    email: v.email,
    name: v.name,
    message: v.message,
    invitedBy: actor.personId,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + INVITATION_LIFETIME_MS),
  });
  const link = `${input.baseUrl}/join/${token}`;
  await queueMail(ctx.tx, ctx.now, {
    to: v.email,
    subject: `${actor.name} has invited you to Care Circles`,
    body: [
      `Hello ${v.name},`,
      '',
      `${actor.name} has invited you to join Care Circles.`,
      v.message ? `\nTheir message: ${v.message}\n` : '',
      `To accept, open this link within 14 days and choose a password:`,
      link,
      '',
      'If you were not expecting this, you can ignore this email.',
    ].join('\n'),
  });
  await ctx.emit({ type: 'invitation.sent', subjectType: 'invitation', subjectId: invitationId, data: { email: v.email } });
  return { invitationId, link };
}
