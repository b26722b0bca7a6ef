import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';
import { isUuid } from '../../platform/ids.ts';
import { getLogbookEntry } from '../circles/logbook-queries.ts';
import type { Account } from './ledger.ts';
import { creditAccounts, creditTransfers, poolAllowances } from './schema.ts';

export async function getPool(tx: Tx, poolId: string): Promise<Account | null> {
  if (!isUuid(poolId)) return null;
  const [pool] = await tx.select().from(creditAccounts).where(and(eq(creditAccounts.id, poolId), eq(creditAccounts.kind, 'pool')));
  return pool ?? null;
}

/** Only a decision or policy in force in the pool's own circle may let credits out of it. */
export async function decisionInForce(tx: Tx, circleId: string, entryId: string) {
  const found = isUuid(entryId) ? await getLogbookEntry(tx, entryId) : null;
  const entry = found?.entry;
  if (!entry || entry.circleId !== circleId || entry.state !== 'in_force' || !['decision', 'policy'].includes(entry.kind)) return null;
  return entry;
}

export async function allowanceFor(tx: Tx, poolId: string, entryId: string) {
  const [allowance] = await tx
    .select()
    .from(poolAllowances)
    .where(and(eq(poolAllowances.poolAccountId, poolId), eq(poolAllowances.logbookEntryId, entryId)));
  return allowance ?? null;
}

/** Minutes already paid out under a decision; a reversed payment gives its room back. */
export async function paidUnder(tx: Tx, poolId: string, entryId: string): Promise<number> {
  const [row] = await tx
    .select({ minutes: sql<number>`coalesce(sum(${creditTransfers.amount}), 0)::int` })
    .from(creditTransfers)
    .where(
      and(
        eq(creditTransfers.kind, 'redistribute'),
        eq(creditTransfers.fromAccount, poolId),
        eq(creditTransfers.referenceType, 'logbook_entry'),
        eq(creditTransfers.referenceId, entryId),
        sql`NOT EXISTS (SELECT 1 FROM credit_transfers r WHERE r.reverses_transfer_id = ${creditTransfers.id})`,
      ),
    );
  return Number(row?.minutes ?? 0);
}
