import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { lockPeople, postTransfer, scopedKey, type TransferResult } from '../ledger.ts';
import { getPool } from '../pools.ts';
import { donateInput } from '../validation.ts';

/** Donate credits to a pool, for its circle to pass on by decision. */
export async function donateCredits(ctx: Ctx, input: Record<string, unknown>): Promise<TransferResult> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(donateInput, input);
  const pool = await getPool(ctx.tx, v.poolId);
  if (!pool) throw new Invalid({ poolId: 'Choose a pool from the list' });
  const { accountOf, locked } = await lockPeople(ctx, [actor.personId], [pool.id]);
  const from = accountOf.get(actor.personId) as string;
  return postTransfer(
    ctx,
    locked,
    { kind: 'donate', from, to: pool.id, amount: v.amount, message: v.message, key: scopedKey(actor.personId, v.idempotencyKey) },
    'you',
  );
}
