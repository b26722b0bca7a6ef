import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { lockPeople, postTransfer, scopedKey, type TransferResult } from '../ledger.ts';
import { giveInput } from '../validation.ts';

/** Give some of your credits to another person, with a message if you like. */
export async function giveCredits(ctx: Ctx, input: Record<string, unknown>): Promise<TransferResult> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(giveInput, input);
  if (v.toPersonId === actor.personId) throw new Invalid({ toPersonId: 'Choose someone other than yourself' });
  const { accountOf, locked } = await lockPeople(ctx, [actor.personId, v.toPersonId]);
  const from = accountOf.get(actor.personId) as string;
  const to = accountOf.get(v.toPersonId) as string;
  return postTransfer(
    ctx,
    locked,
    { kind: 'gift', from, to, amount: v.amount, message: v.message, key: scopedKey(actor.personId, v.idempotencyKey) },
    'you',
  );
}
