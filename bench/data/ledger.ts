// The credit ledger (migrations 0007 and 0008, ADR 0008): accounts, each Local Circle's pool
// with the decision that lets it pay out, the transfers from ledger-sim.ts, then the entries
// computed in SQL with window functions (balance before/after and a gap-free version per
// account, in time order), and each account's balance and version where its chain ends.
// The phase runs in one transaction: with the triggers on, the deferred checks see the whole
// ledger at commit.
import { ISSUANCE_ACCOUNT_ID } from '../../src/modules/credits/ledger.ts';
import { DAY } from '../../src/platform/clock.ts';
import type { LoadContext } from './context.ts';
import type { Earnings } from './care.ts';
import { Loader, iso } from './bulk.ts';
import { newAccounts, playLedger, poolId } from './ledger-sim.ts';
import { type Circle, personId } from './plan.ts';
import { Id, uuidOf } from './random.ts';

const accountSpec = {
  table: 'credit_accounts',
  columns: ['id', 'kind', 'person_id', 'circle_id', 'name', 'allow_negative', 'created_at'],
} as const;
const logbookSpec = {
  table: 'logbook_entries',
  columns: ['id', 'circle_id', 'kind', 'title', 'text', 'author_id', 'adopted_at'],
} as const;
const allowanceSpec = {
  table: 'pool_allowances',
  columns: ['id', 'pool_account_id', 'logbook_entry_id', 'purpose', 'per_payment_limit', 'total_limit', 'created_by', 'created_at'],
} as const;
const transferSpec = {
  table: 'credit_transfers',
  columns: [
    'id', 'idempotency_key', 'request_hash', 'kind', 'from_account', 'to_account', 'amount',
    'message', 'activity', 'reference_type', 'reference_id', 'reverses_transfer_id', 'created_by', 'created_at',
  ],
} as const;

/** Each account's entries in time order: the running sum is the balance after, the row number the version. */
const ENTRIES_SQL = `
INSERT INTO credit_entries (id, account_id, transfer_id, amount, balance_before, balance_after, version, created_at)
SELECT md5(transfer_id::text || ':' || account_id::text)::uuid, account_id, transfer_id, amount,
       (running - amount)::int, running::int, position::int, created_at
FROM (
  SELECT transfer_id, account_id, amount, created_at,
         sum(amount) OVER w AS running, row_number() OVER w AS position
  FROM (SELECT id AS transfer_id, from_account AS account_id, -amount AS amount, created_at FROM credit_transfers
        UNION ALL
        SELECT id, to_account, amount, created_at FROM credit_transfers) legs
  WINDOW w AS (PARTITION BY account_id ORDER BY created_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
) chained`;

export async function loadLedger(ctx: LoadContext, earnings: Earnings): Promise<void> {
  const { client, coop } = ctx;
  const accounts = new Loader(client, accountSpec);
  const logbook = new Loader(client, logbookSpec);
  const allowances = new Loader(client, allowanceSpec).after(accounts, logbook);
  accounts.add(ISSUANCE_ACCOUNT_ID, 'issuance', null, null, 'Co-op issuance', true, iso(coop.start));
  for (const p of coop.people) if (accounts.add(uuidOf(Id.account, p.n), 'person', p.id, null, p.name, false, iso(p.createdAt))) await accounts.room();
  const decisions: string[] = [];
  for (const [k, ci] of coop.locals.entries()) {
    const local = coop.circles[ci] as Circle;
    const opened = local.createdAt + 30 * DAY;
    const runner = personId(coop.starters[k]?.[0] ?? 1);
    const decision = ctx.nextId(Id.logbook);
    decisions.push(decision);
    accounts.add(poolId(k), 'pool', null, local.id, `${local.name.replace(' Local Circle', '')} welcome pool`, false, iso(opened));
    logbook.add(decision, local.id, 'decision', 'Welcome credits from the pool', 'The pool may give each new team owner up to ten credits at a time as a welcome.', runner, iso(opened));
    allowances.add(uuidOf(Id.allowance, k + 1), poolId(k), decision, 'Welcome credits for new team owners', 600, 2_000_000_000, runner, iso(opened));
  }
  for (const loader of [accounts, logbook, allowances]) await loader.finish();

  const transfers = new Loader(client, transferSpec);
  const state = newAccounts(coop);
  for (const t of playLedger(coop, earnings, decisions, state)) {
    const added = transfers.add(
      t.id, t.key, t.hash, t.kind, t.from, t.to, t.amount, t.message ?? null, t.activity ?? null, t.referenceType ?? null, t.referenceId ?? null,
      t.reversesTransferId ?? null, t.createdBy, iso(t.at),
    );
    if (added) {
      await transfers.room();
      ctx.progress(transfers.written, coop.sizes.transfers);
    }
  }
  await transfers.finish();
  ctx.progress(transfers.written, coop.sizes.transfers);

  await client.query("SET LOCAL work_mem = '512MB'");
  const entries = await client.query(ENTRIES_SQL);
  const moved = [...state.ids.keys()].filter((slot) => (state.version[slot] as number) > 0);
  await client.query(
    'UPDATE credit_accounts a SET balance = u.balance, version = u.version FROM unnest($1::uuid[], $2::int[], $3::int[]) AS u(id, balance, version) WHERE a.id = u.id',
    [moved.map((s) => state.ids[s]), moved.map((s) => state.balance[s]), moved.map((s) => state.version[s])],
  );
  for (const loader of [accounts, logbook, allowances, transfers]) ctx.count(loader.spec.table, loader.written);
  ctx.count('credit_entries', entries.rowCount ?? 0);
}
