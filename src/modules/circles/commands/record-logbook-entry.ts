import { eq } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { circles, logbookEntries, type logbookKinds } from '../schema.ts';

export interface LogbookInput {
  circleId: string;
  kind: (typeof logbookKinds)[number];
  title: string;
  text: string;
  authorId: string | null;
  sourceType?: string;
  sourceId?: string;
  history?: unknown[];
  reviewDate: string | null;
  confidential?: boolean;
  /** An entry this one replaces after a review. */
  supersedes?: { id: string; state: 'continued' | 'amended' | 'retired' };
}

/**
 * Internal: called by the commands that adopt something (proposals, selections, minutes),
 * inside their transaction, so a decision and its logbook entry exist together or not at all.
 * An adopted aim or domain change also changes the circle itself.
 */
export async function recordLogbookEntry(ctx: Ctx, input: LogbookInput): Promise<{ entryId: string }> {
  const entryId = newId();
  await ctx.tx.insert(logbookEntries).values({
    id: entryId,
    circleId: input.circleId,
    kind: input.kind,
    title: input.title,
    text: input.text,
    authorId: input.authorId,
    sourceType: input.sourceType ?? null,
    sourceId: input.sourceId ?? null,
    history: input.history ?? [],
    confidential: input.confidential ?? false,
    adoptedAt: ctx.now,
    reviewDate: input.reviewDate,
  });
  if (input.supersedes) {
    await ctx.tx
      .update(logbookEntries)
      .set({ state: input.supersedes.state, supersededBy: entryId })
      .where(eq(logbookEntries.id, input.supersedes.id));
  }
  if (input.kind === 'aim') await ctx.tx.update(circles).set({ aim: input.text }).where(eq(circles.id, input.circleId));
  if (input.kind === 'domain') await ctx.tx.update(circles).set({ domain: input.text }).where(eq(circles.id, input.circleId));
  await ctx.emit({ type: 'logbook.entry-recorded', subjectType: 'circle', subjectId: input.circleId, data: { entryId, kind: input.kind } });
  return { entryId };
}
