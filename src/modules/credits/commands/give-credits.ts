import { type Actor, requireActor } from '../../../platform/authz.ts';
import { type Ctx, type Deps, run } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { hasEventHooks } from '../../../platform/events.ts';
import { newId, sha256 } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { lockPeople, postTransfer, scopedKey, transferRecord, type TransferResult } from '../ledger.ts';
import { giveInOneStatement } from '../ledger-sql.ts';
import { giveInput } from '../validation.ts';

/**
 * What a gift asks for, checked, the same for both ways of making it. Its hash is taken over
 * what the sender asked (to whom, how much, the message), not over account ids, so a retry
 * matches whichever way the first request was made.
 */
function giftRequest(actor: Actor | null, input: Record<string, unknown>) {
  const { personId } = requireActor(actor);
  const v = parseInput(giveInput, input);
  if (v.toPersonId === personId) throw new Invalid({ toPersonId: 'Choose someone other than yourself' });
  const message = v.message ?? null;
  const hash = sha256(JSON.stringify(['gift', personId, v.toPersonId, v.amount, message]));
  return { fromPerson: personId, toPerson: v.toPersonId, amount: v.amount, message, key: scopedKey(personId, v.idempotencyKey), hash };
}

/** Give some of your credits to another person, with a message if you like. */
export async function giveCredits(ctx: Ctx, input: Record<string, unknown>): Promise<TransferResult> {
  const g = giftRequest(ctx.actor, input);
  const { accountOf, locked } = await lockPeople(ctx, [g.fromPerson, g.toPerson]);
  const from = accountOf.get(g.fromPerson) as string;
  const to = accountOf.get(g.toPerson) as string;
  return postTransfer(ctx, locked, { kind: 'gift', from, to, amount: g.amount, message: g.message, key: g.key, hash: g.hash }, 'you');
}

/**
 * Give credits: as one statement, its own transaction, when both people hold an account,
 * the giver has enough and the key is new (the usual gift: two round trips instead of five,
 * ADR 0014); otherwise, and whenever an event hook would need the transaction, through
 * giveCredits, which opens accounts, refuses with its message or returns the first transfer.
 */
export async function give(deps: Deps, actor: Actor | null, input: Record<string, unknown>): Promise<TransferResult> {
  const g = giftRequest(actor, input);
  if (!hasEventHooks('credit_transfer')) {
    const at = deps.clock.now();
    const transferId = newId();
    const made = await giveInOneStatement(deps.database.db, { ...g, transferId, entryIds: [newId(), newId()], eventId: newId(), at });
    if (made) {
      const request = { kind: 'gift' as const, from: made.fromAccount, to: made.toAccount, amount: g.amount, message: g.message, key: g.key };
      const transfer = transferRecord(transferId, request, g.hash, g.fromPerson, at);
      return { transfer, replayed: false };
    }
  }
  return run(deps, actor, giveCredits, input);
}
