import { sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { NotAllowed } from '../../../platform/errors.ts';
import type { Cursor } from '../queries.ts';
import { chatReadMarks } from '../schema.ts';

/**
 * Move the actor's read mark in a channel forward to `upTo` (never back: an old page opened
 * late must not make read messages unread again). No event: a read mark is the reader's own
 * bookkeeping, seen by nobody else, like a bookmark. Callers have opened the channel first
 * (openChannel), which is where membership is checked.
 */
export async function markRead(ctx: Ctx, input: { circleId: string; upTo: Cursor }): Promise<void> {
  if (!ctx.actor) throw new NotAllowed();
  await ctx.tx
    .insert(chatReadMarks)
    .values({ circleId: input.circleId, personId: ctx.actor.personId, lastReadAt: input.upTo.at, lastReadId: input.upTo.id })
    .onConflictDoUpdate({
      target: [chatReadMarks.circleId, chatReadMarks.personId],
      set: { lastReadAt: input.upTo.at, lastReadId: input.upTo.id },
      setWhere: sql`(${chatReadMarks.lastReadAt}, ${chatReadMarks.lastReadId}) < (excluded.last_read_at, excluded.last_read_id)`,
    });
}
