import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { lockPeople, postTransfer, scopedKey, type TransferResult } from '../ledger.ts';
import { spendInput } from '../validation.ts';

/** Pay a volunteer in credits for an extra (a walk, errands, company): never for regulated care. */
export async function spendCredits(ctx: Ctx, input: Record<string, unknown>): Promise<TransferResult> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(spendInput, input);
  if (v.toPersonId === actor.personId) throw new Invalid({ toPersonId: 'Choose the volunteer, not yourself' });
  const { accountOf, locked } = await lockPeople(ctx, [actor.personId, v.toPersonId]);
  const from = accountOf.get(actor.personId) as string;
  const to = accountOf.get(v.toPersonId) as string;
  return postTransfer(
    ctx,
    locked,
    { kind: 'spend', from, to, amount: v.amount, activity: v.activity, message: v.message, key: scopedKey(actor.personId, v.idempotencyKey) },
    'you',
  );
}
