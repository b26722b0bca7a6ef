import { eq } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import type { PoolParams } from '../../decisions/mandates/kinds.ts';
import { mandateEffects } from '../../decisions/mandates/schema.ts';
import { citedEffects } from '../../decisions/mandates/use.ts';
import { formatCredits } from '../amounts.ts';
import { earlierTransfer, lockAccounts, personAccounts, postTransfer, requestHash, scopedKey, type TransferRequest, type TransferResult } from '../ledger.ts';
import { canRunPool } from '../policy.ts';
import { checkPoolPayment, getPool, paidUnder } from '../pools.ts';
import { redistributeInput } from '../validation.ts';

/**
 * Pay credits out of a pool (a welcome gift, a top-up). Every payment cites the adopted
 * decision of the pool's circle whose mandate allows payments from this pool, and keeps to
 * its recipients, payers and limits. The pool's account and the decision's effect are both
 * locked before the limits are read, so two payments at once cannot both squeeze under the total.
 */
export async function redistributeCredits(ctx: Ctx, input: Record<string, unknown>): Promise<TransferResult> {
  const actor = requireActor(ctx.actor);
  const pool = await getPool(ctx.tx, String(input.poolId ?? ''));
  if (!pool?.circleId) throw new NotFound('That pool was not found.');
  if (!(await canRunPool(ctx.tx, actor, pool.circleId, ctx.now))) throw new NotAllowed('Only full participants of the pool’s circle can pay credits out of it.');
  const v = parseInput(redistributeInput, input);
  const to = (await personAccounts(ctx, [v.toPersonId])).get(v.toPersonId) as string;
  const locked = await lockAccounts(ctx, [pool.id, to]);
  const request: TransferRequest = {
    kind: 'redistribute',
    from: pool.id,
    to,
    amount: v.amount,
    message: v.message,
    referenceType: 'logbook_entry',
    referenceId: v.logbookEntryId,
    key: scopedKey(actor.personId, v.idempotencyKey),
  };
  // A retry returns the first payment even if the decision has since been used up or retired.
  const earlier = await earlierTransfer(ctx.tx, request.key, requestHash(request));
  if (earlier) return { transfer: earlier, replayed: true };

  const { entry, effects } = await citedEffects(ctx.tx, {
    field: 'logbookEntryId',
    decisionId: v.logbookEntryId,
    circleId: pool.circleId,
    kind: 'allow_pool_payments',
    act: 'allows payments from this pool',
  });
  const effect = effects.find((e) => e.subjectId === pool.id);
  if (!effect) throw new Invalid({ logbookEntryId: `“${entry.title}” allows payments from another pool, not this one` });
  const allowance = effect.params as PoolParams;
  await checkPoolPayment(ctx.tx, { title: entry.title, params: allowance, circleId: pool.circleId, actor, to: v.toPersonId, now: ctx.now });
  if (v.amount > allowance.perPaymentLimit) {
    throw new Invalid({ amount: `“${entry.title}” allows at most ${formatCredits(allowance.perPaymentLimit)} in one payment` });
  }
  const paid = await paidUnder(ctx.tx, pool.id, entry.id);
  const left = Math.max(0, allowance.totalLimit - paid);
  if (left === 0) throw new Invalid({ logbookEntryId: `“${entry.title}” is used up: all ${formatCredits(allowance.totalLimit)} it allows has been paid` });
  if (v.amount > left) {
    throw new Invalid({ amount: `“${entry.title}” allows ${formatCredits(allowance.totalLimit)} in all; ${formatCredits(paid)} has been paid, so at most ${formatCredits(left)} more` });
  }
  const result = await postTransfer(ctx, locked, request, 'the pool');
  if (!result.replayed) {
    const status = paid + v.amount >= allowance.totalLimit ? 'used_up' : 'available';
    await ctx.tx.update(mandateEffects).set({ status, result: { ...(effect.result ?? {}), paid: paid + v.amount } }).where(eq(mandateEffects.id, effect.id));
  }
  return result;
}
