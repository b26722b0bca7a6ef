import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { hatDefinitions } from '../schema.ts';

/**
 * One name, one hat in a circle: a second "Leader" (or "leader ") beside the circle's Leader
 * would let someone pass as holding it. Names are compared trimmed and case-insensitively. The
 * name never carries rights either way: those come from the hat's role alone.
 */
export async function assertHatNameFree(ctx: Ctx, circleId: string, name: string): Promise<void> {
  const [taken] = await ctx.tx
    .select({ name: hatDefinitions.name })
    .from(hatDefinitions)
    .where(and(eq(hatDefinitions.circleId, circleId), sql`lower(trim(${hatDefinitions.name})) = lower(trim(${name}))`))
    .limit(1);
  if (taken) throw new Invalid({ name: `This circle already has a hat called ${taken.name}: choose another name` });
}
