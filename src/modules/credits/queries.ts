import { type SQL, and, asc, desc, eq, ilike, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db.ts';
import { preparedStatement } from '../../platform/prepared.ts';
import { Invalid } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { circlesOf, peopleInCircles } from '../circles/queries.ts';
import { CHOICES_SHOWN } from '../../web/views/chooser.tsx';
import { circles, logbookEntries } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import { paidUnder } from './pools.ts';
import { creditAccounts, creditEntries, creditTransfers, poolAllowances, type TransferKind } from './schema.ts';
import type { StatementFilter } from './validation.ts';

// The credits page's and home's hot statements, prepared (ADR 0023).
const accountByPerson = preparedStatement('credits_account_of', (db) => db.select().from(creditAccounts).where(eq(creditAccounts.personId, sql.placeholder('personId'))));

export async function accountOf(db: Db, personId: string) {
  const [account] = await accountByPerson(db, { personId });
  return account ?? null;
}

export interface StatementRow {
  transferId: string;
  kind: TransferKind;
  at: Date;
  /** Signed minutes: negative when credits left this account. */
  amount: number;
  balanceAfter: number;
  version: number;
  message: string | null;
  activity: string | null;
  referenceType: string | null;
  referenceId: string | null;
  counterparty: string;
  counterpartyKind: string;
  reversesTransferId: string | null;
  reversedBy: string | null;
}

const cursorOf = (row: StatementRow) => `${row.at.toISOString()}~${row.version}`;

function parseCursor(before: string | undefined): { at: string; version: number } | null {
  if (!before) return null;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~(\d{1,9})$/.exec(before);
  if (!match || Number.isNaN(Date.parse(match[1] as string))) throw new Invalid({ before: 'That page link is not valid. Go back to the first page.' });
  return { at: match[1] as string, version: Number(match[2]) };
}

/**
 * One account's history, newest first, a page at a time. Pages are cut by keyset on
 * (created_at, version): version is the account's own gap-free order, so entries written in
 * one transaction (an earning and its auto-donation) keep their true order.
 */
/** A statement's rows, newest first, with `where` over the entries and transfers. */
const statementSelect = (db: Db, where: SQL | undefined) => {
  const other = alias(creditAccounts, 'other');
  const reversal = alias(creditTransfers, 'reversal');
  return db
    .select({
      transferId: creditTransfers.id,
      kind: creditTransfers.kind,
      at: creditEntries.createdAt,
      amount: creditEntries.amount,
      balanceAfter: creditEntries.balanceAfter,
      version: creditEntries.version,
      message: creditTransfers.message,
      activity: creditTransfers.activity,
      referenceType: creditTransfers.referenceType,
      referenceId: creditTransfers.referenceId,
      counterparty: sql<string>`coalesce(${people.name}, ${other.name})`,
      counterpartyKind: other.kind,
      reversesTransferId: creditTransfers.reversesTransferId,
      reversedBy: reversal.id,
    })
    .from(creditEntries)
    .innerJoin(creditTransfers, eq(creditTransfers.id, creditEntries.transferId))
    .innerJoin(other, eq(other.id, sql`CASE WHEN ${creditEntries.amount} < 0 THEN ${creditTransfers.toAccount} ELSE ${creditTransfers.fromAccount} END`))
    .leftJoin(people, eq(people.id, other.personId))
    .leftJoin(reversal, eq(reversal.reversesTransferId, creditTransfers.id))
    .where(where)
    .orderBy(desc(creditEntries.createdAt), desc(creditEntries.version));
};
/** The statement as the credits page first shows it, unfiltered: its latest page. */
const latestStatement = preparedStatement('credits_statement_latest', (db) =>
  statementSelect(db, eq(creditEntries.accountId, sql.placeholder('accountId'))).limit(sql.placeholder('limit')));

export async function statement(db: Db, accountId: string, filter: Partial<StatementFilter>, timeZone: string, limit = 25) {
  const cursor = parseCursor(filter.before);
  const rows: StatementRow[] = !filter.kind && !filter.from && !filter.to && !cursor
    ? await latestStatement(db, { accountId, limit: limit + 1 })
    : await statementSelect(db, and(
      eq(creditEntries.accountId, accountId),
      filter.kind ? eq(creditTransfers.kind, filter.kind) : undefined,
      filter.from ? sql`${creditEntries.createdAt} >= (${filter.from}::date)::timestamp AT TIME ZONE ${timeZone}` : undefined,
      filter.to ? sql`${creditEntries.createdAt} < (${filter.to}::date + 1)::timestamp AT TIME ZONE ${timeZone}` : undefined,
      cursor ? sql`(${creditEntries.createdAt}, ${creditEntries.version}) < (${cursor.at}::timestamptz, ${cursor.version}::int)` : undefined,
    )).limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? cursorOf(last) : null };
}

/** Every page of a statement in turn, for the CSV export: never the whole history in memory at once. */
export async function* wholeStatement(db: Db, accountId: string, filter: Partial<StatementFilter>, timeZone: string) {
  let before: string | undefined;
  for (;;) {
    const page = await statement(db, accountId, { ...filter, before }, timeZone, 500);
    yield* page.rows;
    if (!page.next) return;
    before = page.next;
  }
}

export async function listPools(db: Db) {
  return db
    .select({ id: creditAccounts.id, name: creditAccounts.name, balance: creditAccounts.balance, circleId: circles.id, circleName: circles.name })
    .from(creditAccounts)
    .innerJoin(circles, eq(circles.id, creditAccounts.circleId))
    .where(eq(creditAccounts.kind, 'pool'))
    .orderBy(asc(circles.name), asc(creditAccounts.name))
    .limit(200);
}

export async function poolDetail(db: Db, poolId: string) {
  if (!isUuid(poolId)) return null;
  const [pool] = await db
    .select({ account: creditAccounts, circleName: circles.name })
    .from(creditAccounts)
    .innerJoin(circles, eq(circles.id, creditAccounts.circleId))
    .where(and(eq(creditAccounts.id, poolId), eq(creditAccounts.kind, 'pool')));
  if (!pool) return null;
  const allowances = await db
    .select({ allowance: poolAllowances, title: logbookEntries.title, state: logbookEntries.state })
    .from(poolAllowances)
    .innerJoin(logbookEntries, eq(logbookEntries.id, poolAllowances.logbookEntryId))
    .where(eq(poolAllowances.poolAccountId, poolId))
    .orderBy(desc(poolAllowances.createdAt))
    .limit(100);
  const withUse = [];
  for (const a of allowances) withUse.push({ ...a, paid: await paidUnder(db, poolId, a.allowance.logbookEntryId) });
  return { ...pool, allowances: withUse };
}

/** Decisions and policies in force in a circle's logbook, to cite when allowing pool payments. */
export interface FlowMonth {
  month: string;
  minutes: Record<TransferKind, number>;
}

/** Credits moved across the co-op each month, by kind: the last `months` months including this one. */
export async function creditFlows(db: Db, now: Date, timeZone: string, months = 12): Promise<FlowMonth[]> {
  const result = (await db.execute(sql`
    WITH m AS (
      SELECT generate_series(date_trunc('month', ${now.toISOString()}::timestamptz AT TIME ZONE ${timeZone}) - make_interval(months => ${months - 1}::int),
                             date_trunc('month', ${now.toISOString()}::timestamptz AT TIME ZONE ${timeZone}), interval '1 month') AS start)
    SELECT to_char(m.start, 'YYYY-MM') AS month, t.kind, coalesce(sum(t.amount), 0)::int AS minutes
    FROM m LEFT JOIN credit_transfers t
      ON t.created_at >= m.start AT TIME ZONE ${timeZone} AND t.created_at < (m.start + interval '1 month') AT TIME ZONE ${timeZone}
    GROUP BY 1, 2 ORDER BY 1`)) as unknown as { rows: { month: string; kind: TransferKind | null; minutes: number }[] };
  const byMonth = new Map<string, FlowMonth>();
  for (const row of result.rows) {
    const entry = byMonth.get(row.month) ?? { month: row.month, minutes: { earn: 0, gift: 0, donate: 0, redistribute: 0, spend: 0, reverse: 0 } };
    if (row.kind) entry.minutes[row.kind] = Number(row.minutes);
    byMonth.set(row.month, entry);
  }
  return [...byMonth.values()];
}

/**
 * People to choose from when giving or paying: everyone sharing a circle or team with the
 * person, and for a pool, the people of its circle and of the circles and teams directly under
 * it (a welcome gift goes to a newcomer in a team). Bounded, so a page never lists the co-op.
 */
export async function peopleAround(db: Db, personId: string, now: Date, options: { poolCircleId?: string; search?: string; chosen?: string } = {}) {
  const { poolCircleId } = options;
  const mine = (await circlesOf(db, personId)).map((c) => c.id);
  const below = poolCircleId ? (await db.select({ id: circles.id }).from(circles).where(eq(circles.parentId, poolCircleId)).limit(50)).map((c) => c.id) : [];
  const circleIds = [...new Set([...(poolCircleId ? [poolCircleId] : []), ...below, ...mine])].slice(0, 80);
  // A choice, not a directory: the first few whose name holds the search (ADR 0022).
  const found = await peopleInCircles(db, circleIds, now, { except: personId, limit: CHOICES_SHOWN + 1, search: options.search });
  const choices = found.slice(0, CHOICES_SHOWN).map((m) => ({ value: m.personId, label: m.name }));
  // The person already chosen (a form shown again with an error) stays listed, if they may be chosen.
  if (isUuid(options.chosen) && !choices.some((c) => c.value === options.chosen)) {
    const [kept] = await peopleInCircles(db, circleIds, now, { except: personId, limit: 1, only: options.chosen });
    if (kept) choices.unshift({ value: kept.personId, label: kept.name });
  }
  return { choices, more: found.length > CHOICES_SHOWN };
}

/**
 * Pools to choose from in a form: those whose name or circle's name holds the search, in the
 * order of the pools page, at most CHOICES_SHOWN; the chosen pool stays listed.
 */
export async function poolChoices(db: Db, options: { search?: string; chosen?: string | null } = {}) {
  const term = options.search?.trim();
  const like = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const label = (p: { name: string | null; circleName: string }) => `${p.name} (${p.circleName})`;
  const found = await db
    .select({ id: creditAccounts.id, name: creditAccounts.name, circleName: circles.name })
    .from(creditAccounts)
    .innerJoin(circles, eq(circles.id, creditAccounts.circleId))
    .where(and(eq(creditAccounts.kind, 'pool'), like ? or(ilike(creditAccounts.name, like), ilike(circles.name, like)) : undefined))
    .orderBy(asc(circles.name), asc(creditAccounts.name), asc(creditAccounts.id))
    .limit(CHOICES_SHOWN + 1);
  const choices = found.slice(0, CHOICES_SHOWN).map((p) => ({ value: p.id, label: label(p) }));
  if (isUuid(options.chosen) && !choices.some((c) => c.value === options.chosen)) {
    const [kept] = await db
      .select({ id: creditAccounts.id, name: creditAccounts.name, circleName: circles.name })
      .from(creditAccounts)
      .innerJoin(circles, eq(circles.id, creditAccounts.circleId))
      .where(and(eq(creditAccounts.kind, 'pool'), eq(creditAccounts.id, options.chosen)));
    if (kept) choices.unshift({ value: kept.id, label: label(kept) });
  }
  return { choices, more: found.length > CHOICES_SHOWN };
}

/** A pool's name with its circle's, as the choosers show it. */
export async function poolLabel(db: Db, poolId: string): Promise<string | null> {
  if (!isUuid(poolId)) return null;
  const [pool] = await db.select({ name: creditAccounts.name, circleName: circles.name }).from(creditAccounts)
    .innerJoin(circles, eq(circles.id, creditAccounts.circleId)).where(eq(creditAccounts.id, poolId));
  return pool ? `${pool.name} (${pool.circleName})` : null;
}
