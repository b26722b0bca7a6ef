import type { Ctx } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { poolAllowances } from '../schema.ts';

export interface AllowanceFromMandate {
  /** The adopted decision's effect that allows the payments (decisions/mandates). */
  effectId: string;
  logbookEntryId: string;
  poolId: string;
  purpose: string;
  /** Minutes. */
  perPaymentLimit: number;
  totalLimit: number;
}

/**
 * Internal: called when a decision whose mandate allows payments from a pool is adopted, in
 * the adoption's transaction. Nobody records an allowance by hand any more: the decision
 * itself states the pool, purpose, limits, recipients and payers, and payments cite it.
 */
export async function recordPoolAllowance(ctx: Ctx, a: AllowanceFromMandate): Promise<{ allowanceId: string }> {
  const allowanceId = newId();
  await ctx.tx.insert(poolAllowances).values({
    id: allowanceId,
    poolAccountId: a.poolId,
    logbookEntryId: a.logbookEntryId,
    purpose: a.purpose,
    perPaymentLimit: a.perPaymentLimit,
    totalLimit: a.totalLimit,
    createdBy: ctx.actor?.personId ?? null,
    createdAt: ctx.now,
  });
  await ctx.emit({ type: 'credits.pool-allowance-recorded', subjectType: 'credit_account', subjectId: a.poolId, data: { allowanceId, logbookEntryId: a.logbookEntryId, effectId: a.effectId } });
  return { allowanceId };
}
