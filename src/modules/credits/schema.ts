import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { circles, logbookEntries } from '../circles/schema.ts';
import { people } from '../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const accountKinds = ['person', 'pool', 'issuance'] as const;
export const transferKinds = ['earn', 'gift', 'donate', 'redistribute', 'spend', 'reverse'] as const;
export type TransferKind = (typeof transferKinds)[number];

/**
 * One account per person, one per pool, and the single co-op issuance account: the only one
 * allowed below zero, so its balance is minus the credits in circulation. `balance` and
 * `version` always equal the last entry's balance_after and version (a deferred trigger in
 * migration credits_append_only refuses a commit where they do not).
 */
export const creditAccounts = pgTable(
  'credit_accounts',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: accountKinds }).notNull(),
    personId: uuid('person_id').references(() => people.id),
    circleId: uuid('circle_id').references(() => circles.id),
    name: text('name').notNull(),
    allowNegative: boolean('allow_negative').notNull().default(false),
    /** Minutes: one credit is one hour of volunteer support. */
    balance: integer('balance').notNull().default(0),
    version: integer('version').notNull().default(0),
    /** A person's choice to pass everything they earn straight on to this pool. */
    autoDonateTo: uuid('auto_donate_to').references((): AnyPgColumn => creditAccounts.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('credit_accounts_person_idx').on(t.personId),
    uniqueIndex('credit_accounts_pool_name_idx').on(t.circleId, t.name),
    uniqueIndex('credit_accounts_one_issuance_idx').on(t.kind).where(sql`kind = 'issuance'`),
    // The pools (a few per Local Circle) among the accounts (one per person): without it, listing
    // them walked every account through the (circle_id, name) index.
    index('credit_accounts_pools_idx').on(t.circleId).where(sql`kind = 'pool'`),
    check('credit_accounts_negative_only_issuance', sql`${t.allowNegative} = (${t.kind} = 'issuance')`),
    check('credit_accounts_not_below_zero', sql`${t.allowNegative} OR ${t.balance} >= 0`),
    check('credit_accounts_owner', sql`(${t.kind} = 'person') = (${t.personId} IS NOT NULL) AND (${t.kind} = 'pool') = (${t.circleId} IS NOT NULL)`),
  ],
);

/**
 * Every movement of credits: append-only. The idempotency key is kept forever in this row, so
 * a retry is recognised however late it comes (well beyond the 24 hours promised to clients).
 */
export const creditTransfers = pgTable(
  'credit_transfers',
  {
    id: uuid('id').primaryKey(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** SHA-256 of the request's canonical content: a retry must match it exactly. */
    requestHash: text('request_hash').notNull(),
    kind: text('kind', { enum: transferKinds }).notNull(),
    fromAccount: uuid('from_account')
      .notNull()
      .references(() => creditAccounts.id),
    toAccount: uuid('to_account')
      .notNull()
      .references(() => creditAccounts.id),
    amount: integer('amount').notNull(),
    message: text('message'),
    /** For spending: which extra the credits paid for (never regulated care). */
    activity: text('activity'),
    /** What the transfer rests on: a care log, a logbook decision, an activity. */
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    reversesTransferId: uuid('reverses_transfer_id').references((): AnyPgColumn => creditTransfers.id),
    createdBy: uuid('created_by'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    check('credit_transfers_amount_positive', sql`${t.amount} > 0`),
    check('credit_transfers_two_accounts', sql`${t.fromAccount} <> ${t.toAccount}`),
    check('credit_transfers_reverse_link', sql`(${t.kind} = 'reverse') = (${t.reversesTransferId} IS NOT NULL)`),
    // Whatever key a caller sends, one care log (or other reference) earns once.
    uniqueIndex('credit_transfers_earn_once_idx').on(t.referenceType, t.referenceId).where(sql`kind = 'earn'`),
    index('credit_transfers_month_idx').on(t.createdAt),
    // Both partial: most transfers (gifts, donations, spends) have neither, and an index entry
    // saved is work saved on every such transfer (docs/performance.md). Uniqueness is the same.
    uniqueIndex('credit_transfers_reverses_once_idx').on(t.reversesTransferId).where(sql`reverses_transfer_id IS NOT NULL`),
    index('credit_transfers_reference_idx').on(t.referenceType, t.referenceId).where(sql`reference_id IS NOT NULL`),
  ],
);

/** Double entry: one row per account per transfer, chained per account by a gap-free version. */
export const creditEntries = pgTable(
  'credit_entries',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => creditAccounts.id),
    transferId: uuid('transfer_id')
      .notNull()
      .references(() => creditTransfers.id),
    amount: integer('amount').notNull(),
    balanceBefore: integer('balance_before').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    version: integer('version').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('credit_entries_account_version_idx').on(t.accountId, t.version),
    uniqueIndex('credit_entries_transfer_account_idx').on(t.transferId, t.accountId),
    index('credit_entries_statement_idx').on(t.accountId, t.createdAt, t.version),
    check('credit_entries_adds_up', sql`${t.balanceAfter} = ${t.balanceBefore} + ${t.amount} AND ${t.amount} <> 0 AND ${t.version} >= 1`),
  ],
);

/** A circle's logbook decision allowing payments out of its pool, within limits (minutes). */
export const poolAllowances = pgTable(
  'pool_allowances',
  {
    id: uuid('id').primaryKey(),
    poolAccountId: uuid('pool_account_id')
      .notNull()
      .references(() => creditAccounts.id),
    logbookEntryId: uuid('logbook_entry_id')
      .notNull()
      .references(() => logbookEntries.id),
    purpose: text('purpose').notNull(),
    perPaymentLimit: integer('per_payment_limit').notNull(),
    totalLimit: integer('total_limit').notNull(),
    createdBy: uuid('created_by'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('pool_allowances_pool_entry_idx').on(t.poolAccountId, t.logbookEntryId),
    check('pool_allowances_limits', sql`${t.perPaymentLimit} > 0 AND ${t.totalLimit} >= ${t.perPaymentLimit}`),
  ],
);
