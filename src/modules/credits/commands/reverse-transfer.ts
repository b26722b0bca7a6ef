import { eq } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { lockAccounts, postTransfer, requestHash, scopedKey, type TransferRequest, type TransferResult } from '../ledger.ts';
import { canReverse } from '../policy.ts';
import { creditTransfers } from '../schema.ts';
import { reverseInput } from '../validation.ts';

/**
 * Undo a transfer with a new, linked transfer the other way: the ledger is never edited. A
 * transfer is reversed at most once (a unique column), and not if that would overdraw.
 */
export async function reverseTransfer(ctx: Ctx, input: Record<string, unknown>): Promise<TransferResult> {
  const actor = requireActor(ctx.actor);
  const transferId = String(input.transferId ?? '');
  const [original] = isUuid(transferId) ? await ctx.tx.select().from(creditTransfers).where(eq(creditTransfers.id, transferId)) : [];
  if (!original) throw new NotFound('That transfer was not found.');
  const locked = await lockAccounts(ctx, [original.fromAccount, original.toAccount]);
  const debited = locked.get(original.toAccount);
  if (!debited || !(await canReverse(ctx.tx, actor, debited, ctx.now))) {
    throw new NotAllowed('Only the person who received these credits, or the co-op’s admins, can reverse this transfer.');
  }
  const v = parseInput(reverseInput, input);
  if (original.kind === 'reverse') throw new Conflict('A reversal cannot itself be reversed. Make a new transfer instead.');

  const request: TransferRequest = {
    kind: 'reverse',
    from: original.toAccount,
    to: original.fromAccount,
    amount: original.amount,
    message: v.message,
    reversesTransferId: original.id,
    // A transfer is reversed once, so without a client key the transfer itself identifies the request.
    key: v.idempotencyKey ? scopedKey(actor.personId, v.idempotencyKey) : `reverse:${original.id}`,
  };
  const [existing] = await ctx.tx.select().from(creditTransfers).where(eq(creditTransfers.reversesTransferId, original.id));
  if (existing) {
    if (existing.idempotencyKey === request.key && existing.requestHash === requestHash(request)) return { transfer: existing, replayed: true };
    throw new Conflict('This transfer has already been reversed.');
  }
  return postTransfer(ctx, locked, request, debited.personId === actor.personId ? 'you' : debited.name);
}
