import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.ts';

type Rows = { rows: Record<string, unknown>[] };

/**
 * Proof that the ledger adds up, from the rows alone: every transfer's two entries cancel
 * out, all balances together are zero (the issuance account holds minus everything in
 * circulation), no account that must not be negative is, each account's entries form an
 * unbroken chain 1..N, and each account's balance is where its chain ends. Returns what is
 * wrong, or an empty list. Reads every row: for tests and audits, not for pages.
 */
export async function verifyLedger(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const q = async (query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as Rows).rows;

  for (const r of await q(sql`
    SELECT t.id, count(e.id)::int AS n, coalesce(sum(e.amount), 0)::int AS total
    FROM credit_transfers t LEFT JOIN credit_entries e ON e.transfer_id = t.id
    GROUP BY t.id HAVING count(e.id) <> 2 OR coalesce(sum(e.amount), 0) <> 0`)) {
    problems.push(`transfer ${r.id} has ${r.n} entries summing to ${r.total}`);
  }
  const [sum] = await q(sql`SELECT coalesce(sum(balance), 0)::bigint AS total FROM credit_accounts`);
  if (Number(sum?.total ?? 0) !== 0) problems.push(`balances sum to ${sum?.total}, not 0`);
  for (const r of await q(sql`SELECT id, balance FROM credit_accounts WHERE NOT allow_negative AND balance < 0`)) {
    problems.push(`account ${r.id} is below zero (${r.balance})`);
  }
  for (const r of await q(sql`
    SELECT account_id, version, balance_before, prev_after, position FROM (
      SELECT account_id, version, balance_before,
        coalesce(lag(balance_after) OVER w, 0) AS prev_after, row_number() OVER w AS position
      FROM credit_entries WINDOW w AS (PARTITION BY account_id ORDER BY version)) c
    WHERE version <> position OR balance_before <> prev_after`)) {
    problems.push(`account ${r.account_id} breaks its chain at version ${r.version} (expected ${r.position}, starting from ${r.prev_after})`);
  }
  for (const r of await q(sql`
    SELECT a.id, a.balance, a.version, coalesce(l.balance_after, 0) AS last_after, coalesce(l.version, 0) AS last_version
    FROM credit_accounts a LEFT JOIN LATERAL (
      SELECT balance_after, version FROM credit_entries e WHERE e.account_id = a.id ORDER BY version DESC LIMIT 1) l ON true
    WHERE a.balance <> coalesce(l.balance_after, 0) OR a.version <> coalesce(l.version, 0)`)) {
    problems.push(`account ${r.id} holds ${r.balance} (v${r.version}) but its entries end at ${r.last_after} (v${r.last_version})`);
  }
  return problems;
}
