import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { runEventHooks } from '../../platform/events.ts';
import { isUuid, newId, sha256 } from '../../platform/ids.ts';
import { getProfile } from '../people/queries.ts';
import { formatCredits } from './amounts.ts';
import { lockPeopleAccounts, writeTransfer } from './ledger-sql.ts';
import { creditAccounts, creditTransfers, type TransferKind } from './schema.ts';

export type Account = typeof creditAccounts.$inferSelect;
export type Transfer = typeof creditTransfers.$inferSelect;

/** The single account new credits come from; a fixed id so every instance finds the same row. */
export const ISSUANCE_ACCOUNT_ID = '00000000-0000-4000-8000-000000000001';

export class KeyReused extends Conflict {
  constructor() {
    super('This idempotency key was already used for a different transfer.');
  }
}

export interface TransferRequest {
  kind: TransferKind;
  from: string;
  to: string;
  /** Minutes, a positive whole number. */
  amount: number;
  message?: string | null;
  activity?: string | null;
  referenceType?: string | null;
  referenceId?: string | null;
  reversesTransferId?: string | null;
  /** As stored: already scoped to its sender (see scopedKey), so two people's keys never meet. */
  key: string;
  /** The request's canonical content, when the command states it in its own terms (a gift: see giftRequest). */
  hash?: string;
}

export interface TransferResult {
  transfer: Transfer;
  /** True when this was a retry and the first result was returned without a new write. */
  replayed: boolean;
}

/** A client's key, scoped to the person sending it. */
export const scopedKey = (actorId: string | null, key: string): string => `${actorId ?? 'system'}:${key}`;

/** The canonical content of a request: a retry must send exactly this again. */
export function requestHash(r: TransferRequest): string {
  return sha256(
    JSON.stringify([r.kind, r.from, r.to, r.amount, r.message ?? null, r.activity ?? null, r.referenceType ?? null, r.referenceId ?? null, r.reversesTransferId ?? null]),
  );
}

/** The first transfer made with this key, or null; a different request under the key is refused. */
export async function earlierTransfer(tx: Tx, key: string, hash: string): Promise<Transfer | null> {
  const [row] = await tx.select().from(creditTransfers).where(eq(creditTransfers.idempotencyKey, key));
  if (!row) return null;
  if (row.requestHash !== hash) throw new KeyReused();
  return row;
}

export async function issuanceAccount(ctx: Ctx): Promise<string> {
  await ctx.tx
    .insert(creditAccounts)
    .values({ id: ISSUANCE_ACCOUNT_ID, kind: 'issuance', name: 'Co-op issuance', allowNegative: true, createdAt: ctx.now })
    .onConflictDoNothing({ target: creditAccounts.id });
  return ISSUANCE_ACCOUNT_ID;
}

/**
 * Each person's account, opened the first time it is needed. Opened in id order so two
 * first-ever transfers in opposite directions cannot wait on each other's new rows.
 */
export async function personAccounts(ctx: Ctx, personIds: string[], field = 'toPersonId'): Promise<Map<string, string>> {
  const ids = [...new Set(personIds)].sort();
  if (!ids.every(isUuid)) throw new Invalid({ [field]: 'Choose someone who belongs to the co-op' });
  const existing = () => ctx.tx.select({ id: creditAccounts.id, personId: creditAccounts.personId }).from(creditAccounts).where(inArray(creditAccounts.personId, ids));
  let rows = await existing();
  const missing = ids.filter((id) => !rows.some((r) => r.personId === id));
  for (const personId of missing) {
    const person = await getProfile(ctx.tx, personId);
    if (!person) throw new Invalid({ [field]: 'Choose someone who belongs to the co-op' });
    await ctx.tx
      .insert(creditAccounts)
      .values({ id: newId(), kind: 'person', personId, name: person.name, createdAt: ctx.now })
      .onConflictDoNothing({ target: creditAccounts.personId });
  }
  if (missing.length > 0) rows = await existing();
  return new Map(rows.map((r) => [r.personId as string, r.id]));
}

/**
 * Lock the accounts a command will touch, all at once and always in id order, so two
 * transfers between the same accounts queue behind each other instead of deadlocking. The
 * balances read here are the ones the checks use: nobody else can change them until commit.
 */
export async function lockAccounts(ctx: Ctx, ids: string[]): Promise<Map<string, Account>> {
  const unique = [...new Set(ids)];
  const rows = await ctx.tx.select().from(creditAccounts).where(inArray(creditAccounts.id, unique)).orderBy(asc(creditAccounts.id)).for('update');
  if (rows.length !== unique.length) throw new NotFound('That credit account was not found.');
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The accounts of these people, opened if need be, and locked together with any other
 * accounts the command touches, all in id order. When everyone already has an account (the
 * usual case) this is one statement; otherwise accounts are opened holding no lock first.
 */
export async function lockPeople(ctx: Ctx, personIds: string[], others: string[] = [], field = 'toPersonId'): Promise<{ accountOf: Map<string, string>; locked: Map<string, Account> }> {
  const ids = [...new Set(personIds)].sort();
  if (!ids.every(isUuid)) throw new Invalid({ [field]: 'Choose someone who belongs to the co-op' });
  const fast = await lockPeopleAccounts(ctx.tx, ids, others);
  if (fast) {
    const accountOf = new Map(fast.flatMap((a) => (a.personId ? [[a.personId, a.id] as const] : [])));
    return { accountOf, locked: new Map(fast.map((a) => [a.id, a])) };
  }
  const accountOf = await personAccounts(ctx, ids, field);
  return { accountOf, locked: await lockAccounts(ctx, [...accountOf.values(), ...others]) };
}

/** The transfer row a request makes, as stored (its from and to are account ids). */
export const transferRecord = (id: string, r: TransferRequest, hash: string, createdBy: string | null, createdAt: Date): Transfer => ({
  id,
  idempotencyKey: r.key,
  requestHash: hash,
  kind: r.kind,
  fromAccount: r.from,
  toAccount: r.to,
  amount: r.amount,
  message: r.message ?? null,
  activity: r.activity ?? null,
  referenceType: r.referenceType ?? null,
  referenceId: r.referenceId ?? null,
  reversesTransferId: r.reversesTransferId ?? null,
  createdBy,
  createdAt,
});

/**
 * Move credits between two locked accounts: the transfer, its two entries (balance before and
 * after, next version), both balances and one event, inside the command's transaction. A retry
 * under the same key returns the first transfer and writes nothing.
 */
export async function postTransfer(ctx: Ctx, locked: Map<string, Account>, r: TransferRequest, holderLabel?: string): Promise<TransferResult> {
  const hash = r.hash ?? requestHash(r);
  const from = locked.get(r.from);
  const to = locked.get(r.to);
  if (!from || !to) throw new Error('postTransfer needs both accounts locked first');
  // A retry gets the first result back even if it could not be made now, so a refusal
  // looks for an earlier transfer under the key first. When the transfer can be made, the
  // insert itself finds an earlier one (its key is unique), saving a look-up per transfer.
  const refuse = async (error: Error): Promise<TransferResult> => {
    const earlier = await earlierTransfer(ctx.tx, r.key, hash);
    if (earlier) return { transfer: earlier, replayed: true };
    throw error;
  };
  if (!Number.isInteger(r.amount) || r.amount <= 0) return refuse(new Invalid({ amount: 'Enter an amount greater than zero' }));
  if (!from.allowNegative && from.balance < r.amount) {
    const who = holderLabel ?? from.name;
    return refuse(new Invalid({ amount: `That is more than ${who} ${who === 'you' ? 'have' : 'has'} (${formatCredits(from.balance)}). No account may go below zero.` }));
  }

  const transfer = transferRecord(newId(), r, hash, ctx.actor?.personId ?? null, ctx.now);
  const event = {
    id: newId(),
    type: `credits.${r.kind}`,
    subjectType: 'credit_transfer',
    subjectId: transfer.id,
    data: { amount: r.amount, from: from.id, to: to.id, ...(r.reversesTransferId ? { reverses: r.reversesTransferId } : {}) },
  };
  // Losing a race on a unique key (the idempotency key, one earning per reference, one
  // reversal per transfer) writes nothing, event included, and leaves the transaction usable
  // for the re-read.
  const written = await writeTransfer(ctx.tx, transfer, from, to, [newId(), newId()], event);
  if (!written.written) return { transfer: await raceWinner(ctx.tx, r, hash), replayed: true };
  if (written.accountsUpdated !== 2) throw new Error(`credit accounts ${from.id}, ${to.id} changed while locked`);
  for (const [account, amount] of [[from, -r.amount], [to, r.amount]] as const) {
    account.balance += amount;
    account.version += 1;
  }
  await runEventHooks(ctx.tx, transfer.createdBy, ctx.now, event);
  return { transfer, replayed: false };
}

/** Another request committed first with our key, or (for earning) for our reference, or reversed the same transfer. */
async function raceWinner(tx: Tx, r: TransferRequest, hash: string): Promise<Transfer> {
  const first = await earlierTransfer(tx, r.key, hash);
  if (first) return first;
  if (r.kind === 'earn') {
    const [earned] = await tx
      .select()
      .from(creditTransfers)
      .where(and(eq(creditTransfers.kind, 'earn'), eq(creditTransfers.referenceType, r.referenceType ?? ''), eq(creditTransfers.referenceId, r.referenceId ?? '')));
    if (earned && earned.requestHash === hash) return earned;
    throw new Conflict('Credits for this were already earned.');
  }
  if (r.reversesTransferId) throw new Conflict('This transfer has already been reversed.');
  throw new Conflict('Another request changed these credits at the same moment. Please try again.');
}
