import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { canRunPool } from '../policy.ts';
import { decisionInForce, getPool } from '../pools.ts';
import { poolAllowances } from '../schema.ts';
import { allowanceInput } from '../validation.ts';

/**
 * Record that a decision or policy in the pool circle's logbook allows payments out of the
 * pool, for a purpose and within limits. Redistribution must cite one of these.
 */
export async function allowPoolPayments(ctx: Ctx, input: Record<string, unknown>): Promise<{ allowanceId: string }> {
  const actor = requireActor(ctx.actor);
  const pool = await getPool(ctx.tx, String(input.poolId ?? ''));
  if (!pool?.circleId) throw new NotFound('That pool was not found.');
  if (!(await canRunPool(ctx.tx, actor, pool.circleId, ctx.now))) throw new NotAllowed('Only full participants of the pool’s circle can record what it may pay for.');
  const v = parseInput(allowanceInput, input);
  if (!(await decisionInForce(ctx.tx, pool.circleId, v.logbookEntryId))) {
    throw new Invalid({ logbookEntryId: 'Choose a decision or policy that is in force in the logbook of the pool’s circle' });
  }
  const allowanceId = newId();
  const created = await ctx.tx
    .insert(poolAllowances)
    .values({
      id: allowanceId,
      poolAccountId: pool.id,
      logbookEntryId: v.logbookEntryId,
      purpose: v.purpose,
      perPaymentLimit: v.perPaymentLimit,
      totalLimit: v.totalLimit,
      createdBy: actor.personId,
      createdAt: ctx.now,
    })
    .onConflictDoNothing()
    .returning({ id: poolAllowances.id });
  if (created.length === 0) throw new Invalid({ logbookEntryId: 'That decision already allows payments from this pool' });
  await ctx.emit({ type: 'credits.pool-allowance-recorded', subjectType: 'credit_account', subjectId: pool.id, data: { allowanceId, logbookEntryId: v.logbookEntryId } });
  return { allowanceId };
}
