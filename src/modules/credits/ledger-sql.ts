// The statements on a transfer's hot path, as fixed SQL text: the lock and the write every
// command uses, and the usual gift as one statement of its own (ADR 0014). A gift used to take
// eleven round trips and takes two (the token's look-up and the gift); measured in
// docs/performance.md, each round trip cost the server a socket write and PostgreSQL a
// statement, and building statements through the query builder was the largest CPU cost in
// the request.
import { type Db, fixedStatement, type Tx } from '../../platform/db.ts';
import type { EventInput } from '../../platform/events.ts';
import type { Account, Transfer } from './ledger.ts';

interface AccountRow {
  id: string;
  kind: Account['kind'];
  person_id: string | null;
  circle_id: string | null;
  name: string;
  allow_negative: boolean;
  balance: number;
  version: number;
  auto_donate_to: string | null;
  created_at: Date | string;
}

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  kind: r.kind,
  personId: r.person_id,
  circleId: r.circle_id,
  name: r.name,
  allowNegative: r.allow_negative,
  balance: Number(r.balance),
  version: Number(r.version),
  autoDonateTo: r.auto_donate_to,
  createdAt: new Date(r.created_at),
});

// The count is a one-time condition, checked before any row is locked.
export const LOCK_PEOPLE = `
  SELECT id, kind, person_id, circle_id, name, allow_negative, balance, version, auto_donate_to, created_at
  FROM credit_accounts
  WHERE (person_id = ANY($1::uuid[]) OR id = ANY($2::uuid[]))
    AND (SELECT count(*) FROM credit_accounts WHERE person_id = ANY($1::uuid[])) = cardinality($1::uuid[])
  ORDER BY id
  FOR UPDATE`;

/**
 * The accounts of these people (no repeats), and the other accounts named, locked in id order
 * (the same order as lockAccounts, so the two never deadlock), in one statement. Only when
 * every one of the people already has an account: otherwise nothing is locked and null comes
 * back, so the caller can open the missing ones holding no lock and then lock as usual. Null
 * too when one of the other accounts does not exist.
 */
export async function lockPeopleAccounts(tx: Tx, personIds: string[], otherIds: string[]): Promise<Account[] | null> {
  const rows = await fixedStatement<AccountRow>(tx, 'credits_lock_people', LOCK_PEOPLE, [personIds, otherIds]);
  const found = new Set(rows.map((r) => r.id));
  const peopleFound = rows.filter((r) => r.person_id !== null && personIds.includes(r.person_id)).length;
  return peopleFound === personIds.length && otherIds.every((id) => found.has(id)) ? rows.map(toAccount) : null;
}

// Everything after the transfer insert reads from t, so when the insert loses to an existing
// row (same key, same reference, same reversal) the statement writes nothing at all.
export const WRITE_TRANSFER = `
  WITH t AS (
    INSERT INTO credit_transfers (id, idempotency_key, request_hash, kind, from_account, to_account, amount, message, activity,
      reference_type, reference_id, reverses_transfer_id, created_by, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
    ON CONFLICT DO NOTHING
    RETURNING id, created_at
  ), v (id, account_id, amount, balance_before, version) AS (
    VALUES ($15::uuid, $5::uuid, -$7::int, $16::int, $17::int), ($18::uuid, $6::uuid, $7::int, $19::int, $20::int)
  ), e AS (
    INSERT INTO credit_entries (id, account_id, transfer_id, amount, balance_before, balance_after, version, created_at)
    SELECT v.id, v.account_id, t.id, v.amount, v.balance_before, v.balance_before + v.amount, v.version, t.created_at FROM v, t
  ), a AS (
    UPDATE credit_accounts c SET balance = v.balance_before + v.amount, version = v.version
    FROM v, t WHERE c.id = v.account_id AND c.version = v.version - 1
    RETURNING c.id
  ), ev AS (
    INSERT INTO events (id, type, actor_id, subject_type, subject_id, data, at)
    SELECT $21::uuid, $22, $13::uuid, 'credit_transfer', t.id::text, $23::jsonb, t.created_at FROM t
  )
  SELECT (SELECT count(*) FROM t)::int AS transfers, (SELECT count(*) FROM a)::int AS accounts`;

/**
 * The transfer, its two entries (balance before and after, next version) and both balances,
 * and the event row, as one statement; the caller runs the event's hooks (runEventHooks).
 * Balances and versions are those of the rows the caller locked: an account whose version
 * moved anyway is not updated, and the caller refuses the transfer. The ledger's own checks
 * (non-negative balances, gap-free chains, entries that add up) stay in the database.
 */
export async function writeTransfer(
  tx: Tx, t: Transfer, from: Account, to: Account, entryIds: [string, string], event: { id: string } & EventInput,
): Promise<{ written: boolean; accountsUpdated: number }> {
  const [result] = await fixedStatement<{ transfers: number; accounts: number }>(tx, 'credits_write_transfer', WRITE_TRANSFER, [
    t.id, t.idempotencyKey, t.requestHash, t.kind, t.fromAccount, t.toAccount, t.amount, t.message, t.activity,
    t.referenceType, t.referenceId, t.reversesTransferId, t.createdBy, t.createdAt,
    entryIds[0], from.balance, from.version + 1,
    entryIds[1], to.balance, to.version + 1,
    event.id, event.type, JSON.stringify(event.data ?? {}),
  ]);
  return { written: Number(result?.transfers) === 1, accountsUpdated: Number(result?.accounts ?? 0) };
}

export const GIVE = 'SELECT from_account, to_account FROM credit_give($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)';

export interface Gift {
  fromPerson: string;
  toPerson: string;
  amount: number;
  message: string | null;
  key: string;
  hash: string;
  transferId: string;
  entryIds: [string, string];
  eventId: string;
  at: Date;
}

/**
 * A gift as one statement, sent on its own so it is its own transaction (credit_give,
 * migration 0026). The two accounts when it was written; null when nothing was written
 * (an account missing, too little to give, or the key already taken).
 */
export async function giveInOneStatement(db: Db, g: Gift): Promise<{ fromAccount: string; toAccount: string } | null> {
  const [row] = await fixedStatement<{ from_account: string; to_account: string }>(db, 'credits_give', GIVE, [
    g.fromPerson, g.toPerson, g.amount, g.message, g.key, g.hash, g.transferId, g.entryIds[0], g.entryIds[1], g.eventId, g.at,
  ]);
  return row ? { fromAccount: row.from_account, toAccount: row.to_account } : null;
}
