import { sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Db, Tx } from '../../../platform/db.ts';
import { NotAllowed } from '../../../platform/errors.ts';
import type { Cursor } from '../queries.ts';
import { chatReadMarks } from '../schema.ts';

export interface ReadMark {
  circleId: string;
  personId: string;
  upTo: Cursor;
}

/**
 * Move the actor's read mark in a channel forward to `upTo` (never back: an old page opened
 * late must not make read messages unread again). No event: a read mark is the reader's own
 * bookkeeping, seen by nobody else, like a bookmark. Callers have opened the channel first
 * (openChannel), which is where membership is checked.
 */
export async function markRead(ctx: Ctx, input: { circleId: string; upTo: Cursor }): Promise<void> {
  await markReadAlone(ctx.tx, ctx.actor, input);
}

/**
 * markRead outside a command's transaction, for the chat page: the mark is one statement and
 * nothing else is written with it, so the statement is its own transaction, and the page does
 * not pay a BEGIN and a COMMIT around it (two round trips of its eight).
 */
export async function markReadAlone(db: Db, actor: Actor | null, input: { circleId: string; upTo: Cursor }): Promise<void> {
  if (!actor) throw new NotAllowed();
  await writeReadMarks(db, [{ circleId: input.circleId, personId: actor.personId, upTo: input.upTo }]);
}

/**
 * Several readers' marks in one statement (the live stream's batches: see read-marks.ts), each
 * only ever moved forward. At most one mark per (channel, person): one statement cannot
 * update a row twice.
 */
export async function writeReadMarks(tx: Tx, marks: ReadMark[]): Promise<void> {
  if (marks.length === 0) return;
  await tx
    .insert(chatReadMarks)
    .values(marks.map((m) => ({ circleId: m.circleId, personId: m.personId, lastReadAt: m.upTo.at, lastReadId: m.upTo.id })))
    .onConflictDoUpdate({
      target: [chatReadMarks.circleId, chatReadMarks.personId],
      set: { lastReadAt: sql`excluded.last_read_at`, lastReadId: sql`excluded.last_read_id` },
      setWhere: sql`(${chatReadMarks.lastReadAt}, ${chatReadMarks.lastReadId}) < (excluded.last_read_at, excluded.last_read_id)`,
    });
}
