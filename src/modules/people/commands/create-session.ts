import type { Ctx } from '../../../platform/context.ts';
import { DAY } from '../../../platform/clock.ts';
import { newId, newSecret, sha256 } from '../../../platform/ids.ts';
import { sessions } from '../schema.ts';

export const SESSION_LIFETIME_MS = 30 * DAY;

/** Internal: called by sign-in and by accepting an invitation, never directly by a route. */
export async function createSession(
  ctx: Ctx,
  personId: string,
  userAgent: string,
): Promise<{ token: string; sessionId: string }> {
  const token = newSecret();
  const sessionId = newId();
  await ctx.tx.insert(sessions).values({
    id: sessionId,
    tokenHash: sha256(token),
    personId,
    userAgent: userAgent.slice(0, 300),
    createdAt: ctx.now,
    lastSeenAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + SESSION_LIFETIME_MS),
  });
  return { token, sessionId };
}
