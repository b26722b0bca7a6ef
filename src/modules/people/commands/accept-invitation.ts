import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, NotFound } from '../../../platform/errors.ts';
import { newId, sha256 } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { hashPassword } from '../passwords.ts';
import { invitations, people } from '../schema.ts';
import { acceptInput } from '../validation.ts';
import { createSession } from './create-session.ts';

/** Turn a valid, unused invitation into a person and sign them in. The link then stops working. */
export async function acceptInvitation(
  ctx: Ctx,
  input: Record<string, unknown> & { token: string; userAgent: string },
): Promise<{ personId: string; token: string; sessionId: string }> {
  const v = parseInput(acceptInput, input);
  // Claim the invitation with a conditional update, so two simultaneous uses cannot both win.
  const [invitation] = await ctx.tx
    .update(invitations)
    .set({ usedAt: ctx.now })
    .where(
      and(
        eq(invitations.tokenHash, sha256(input.token)),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, ctx.now),
      ),
    )
    .returning();
  if (!invitation) throw new NotFound('This invitation link has expired or has already been used.');
  const personId = newId();
  const inserted = await ctx.tx
    .insert(people)
    .values({
      id: personId,
      email: invitation.email,
      name: v.name,
      passwordHash: await hashPassword(v.password),
      createdAt: ctx.now,
    })
    .onConflictDoNothing()
    .returning({ id: people.id });
  if (inserted.length === 0) throw new Conflict('An account with this email address already exists.');
  await ctx.tx.update(invitations).set({ usedBy: personId }).where(eq(invitations.id, invitation.id));
  await ctx.emit({ type: 'person.joined', subjectType: 'person', subjectId: personId, data: { invitationId: invitation.id } });
  const session = await createSession(ctx, personId, input.userAgent);
  return { personId, ...session };
}

