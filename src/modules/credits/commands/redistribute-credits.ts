import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { formatCredits } from '../amounts.ts';
import { earlierTransfer, lockAccounts, personAccounts, postTransfer, requestHash, scopedKey, type TransferRequest, type TransferResult } from '../ledger.ts';
import { canRunPool } from '../policy.ts';
import { allowanceFor, decisionInForce, getPool, paidUnder } from '../pools.ts';
import { redistributeInput } from '../validation.ts';

/**
 * Pay credits out of a pool (a welcome gift, a top-up). Every payment cites the circle's
 * decision that allows it, and stays within that decision's limits. The limits are checked
 * with the pool locked, so two payments at once cannot both squeeze under the total.
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

  const decision = await decisionInForce(ctx.tx, pool.circleId, v.logbookEntryId);
  if (!decision) throw new Invalid({ logbookEntryId: 'A payment from a pool must cite a decision or policy in force in the logbook of the pool’s circle' });
  const allowance = await allowanceFor(ctx.tx, pool.id, decision.id);
  if (!allowance) throw new Invalid({ logbookEntryId: `“${decision.title}” does not allow payments from this pool` });
  if (v.amount > allowance.perPaymentLimit) {
    throw new Invalid({ amount: `“${decision.title}” allows at most ${formatCredits(allowance.perPaymentLimit)} in one payment` });
  }
  const paid = await paidUnder(ctx.tx, pool.id, decision.id);
  if (paid + v.amount > allowance.totalLimit) {
    const left = Math.max(0, allowance.totalLimit - paid);
    throw new Invalid({ amount: `“${decision.title}” allows ${formatCredits(allowance.totalLimit)} in all; ${formatCredits(paid)} has been paid, so at most ${formatCredits(left)} more` });
  }
  return postTransfer(ctx, locked, request, 'the pool');
}
