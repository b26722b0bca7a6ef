import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { getCircle } from '../../circles/queries.ts';
import { canRunPool } from '../policy.ts';
import { creditAccounts } from '../schema.ts';
import { createPoolInput } from '../validation.ts';

/** A pool is a common account belonging to a circle; only the circle's decisions let credits out. */
export async function createPool(ctx: Ctx, input: Record<string, unknown>): Promise<{ poolId: string }> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(createPoolInput, input);
  const circle = await getCircle(ctx.tx, v.circleId);
  if (!circle) throw new Invalid({ circleId: 'Choose a circle from the list' });
  if (!(await canRunPool(ctx.tx, actor, circle.id, ctx.now))) throw new NotAllowed(`Only full participants of ${circle.name} can open a pool for it.`);
  const poolId = newId();
  const created = await ctx.tx
    .insert(creditAccounts)
    .values({ id: poolId, kind: 'pool', circleId: circle.id, name: v.name, createdAt: ctx.now })
    .onConflictDoNothing()
    .returning({ id: creditAccounts.id });
  if (created.length === 0) throw new Invalid({ name: `${circle.name} already has a pool with that name` });
  await ctx.emit({ type: 'credits.pool-created', subjectType: 'credit_account', subjectId: poolId, data: { circleId: circle.id, name: v.name } });
  return { poolId };
}
