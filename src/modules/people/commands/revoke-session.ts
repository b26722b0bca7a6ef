import { and, eq, isNull } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { sessions } from '../schema.ts';

/** Sign a device out. A person can revoke only their own sessions (signing out is revoking the current one). */
export async function revokeSession(ctx: Ctx, input: { sessionId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  if (!isUuid(input.sessionId)) throw new NotFound('That device was not found.');
  const revoked = await ctx.tx
    .update(sessions)
    .set({ revokedAt: ctx.now })
    .where(
      and(
        eq(sessions.id, input.sessionId),
        eq(sessions.personId, actor.personId),
        isNull(sessions.revokedAt),
      ),
    )
    .returning({ id: sessions.id });
  if (revoked.length === 0) throw new NotFound('That device was not found.');
  await ctx.emit({ type: 'session.revoked', subjectType: 'session', subjectId: input.sessionId });
}
