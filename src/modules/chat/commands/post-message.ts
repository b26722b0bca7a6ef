import type { Ctx } from '../../../platform/context.ts';
import { NotAllowed } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { messageInput, writeMessage } from '../messages.ts';
import { openChannel } from '../policy.ts';

/** A member writes in their circle's channel. The body is stored as typed (trimmed): escaping is the views' job. */
export async function postMessage(ctx: Ctx, raw: { circleId: string; body?: unknown }): Promise<{ messageId: string }> {
  if (!ctx.actor) throw new NotAllowed();
  const circle = await openChannel(ctx.tx, ctx.actor, raw.circleId, ctx.now);
  const v = parseInput(messageInput, raw);
  const messageId = await writeMessage(ctx.tx, { circleId: circle.id, authorId: ctx.actor.personId, kind: 'user', body: v.body, at: ctx.now });
  // The event says that a message was posted, not what it says: the text stays in the channel.
  await ctx.emit({ type: 'chat.message-posted', subjectType: 'circle', subjectId: circle.id, data: { messageId } });
  return { messageId };
}
