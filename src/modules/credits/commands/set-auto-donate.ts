import { eq } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { personAccounts } from '../ledger.ts';
import { getPool } from '../pools.ts';
import { creditAccounts } from '../schema.ts';
import { autoDonateInput } from '../validation.ts';

/** Choose a pool to receive everything you earn from now on, or keep what you earn. */
export async function setAutoDonate(ctx: Ctx, input: Record<string, unknown>): Promise<{ poolId: string | null }> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(autoDonateInput, input);
  const poolId = v.poolId || null;
  if (poolId && !(await getPool(ctx.tx, poolId))) throw new Invalid({ poolId: 'Choose a pool from the list' });
  const account = (await personAccounts(ctx, [actor.personId])).get(actor.personId) as string;
  await ctx.tx.update(creditAccounts).set({ autoDonateTo: poolId }).where(eq(creditAccounts.id, account));
  await ctx.emit({ type: 'credits.auto-donate-set', subjectType: 'credit_account', subjectId: account, data: { poolId } });
  return { poolId };
}
