import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import type { Db, Tx } from '../../platform/db.ts';
import { Invalid, NotAllowed } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { circleMembership } from '../circles/queries.ts';
import { type HatRole, wearsRole } from '../circles/roles.ts';
import { logbookEntries } from '../circles/schema.ts';
import type { PoolParams } from '../decisions/mandates/kinds.ts';
import { memberships } from '../membership/schema.ts';
import type { Account } from './ledger.ts';
import { creditAccounts, creditTransfers } from './schema.ts';

export async function getPool(tx: Tx, poolId: string): Promise<Account | null> {
  if (!isUuid(poolId)) return null;
  const [pool] = await tx.select().from(creditAccounts).where(and(eq(creditAccounts.id, poolId), eq(creditAccounts.kind, 'pool')));
  return pool ?? null;
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

/**
 * Whether the decision's allowance lets this actor pay this person: only its named payers or
 * role (when it names any), only its recipients, and never the payer themselves unless the
 * decision names them as a recipient.
 */
export async function checkPoolPayment(tx: Tx, a: { title: string; params: PoolParams; circleId: string; actor: Actor; to: string; now: Date }): Promise<void> {
  const { params: p, actor } = a;
  if (actor.via !== 'system' && (p.payerRole || p.payerIds.length > 0)) {
    const named = p.payerIds.includes(actor.personId);
    if (!named && !(p.payerRole && (await wearsRole(tx, a.circleId, actor.personId, [p.payerRole as HatRole], a.now)))) {
      throw new NotAllowed(`“${a.title}” lets only ${[p.payerRole ? `the ${p.payerRole.replace('-', ' ')}` : '', p.payerIds.length ? 'the people it names' : ''].filter(Boolean).join(' or ')} pay out of this pool.`);
    }
  }
  const namedRecipient = p.recipientIds.includes(a.to);
  if (a.to === actor.personId && !namedRecipient) throw new Invalid({ toPersonId: `Nobody pays a pool to themselves unless the decision names them: “${a.title}” does not` });
  if (namedRecipient) return;
  if (p.recipients === 'named') throw new Invalid({ toPersonId: `“${a.title}” allows payments only to the people it names` });
  if (p.recipients === 'circle') {
    const inCircle = (await circleMembership(tx, a.circleId, a.now, [a.to])).some((m) => m.personId === a.to);
    if (!inCircle) throw new Invalid({ toPersonId: `“${a.title}” allows payments only to members of the pool’s circle` });
  }
  if (p.recipients === 'members') {
    const [member] = await tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.personId, a.to), inArray(memberships.state, ['admitted', 'probation']))).limit(1);
    if (!member) throw new Invalid({ toPersonId: `“${a.title}” allows payments only to members of the co-op` });
  }
}

/** The latest payments out of a pool, each with the decision (allowance) it cites. */
export async function poolPayments(db: Db, poolId: string, limit = 50) {
  return db
    .select({
      id: creditTransfers.id,
      at: creditTransfers.createdAt,
      amount: creditTransfers.amount,
      message: creditTransfers.message,
      toName: creditAccounts.name,
      entryId: logbookEntries.id,
      title: logbookEntries.title,
      reversed: sql<boolean>`EXISTS (SELECT 1 FROM credit_transfers r WHERE r.reverses_transfer_id = ${creditTransfers.id})`,
    })
    .from(creditTransfers)
    .innerJoin(creditAccounts, eq(creditAccounts.id, creditTransfers.toAccount))
    .leftJoin(logbookEntries, sql`${creditTransfers.referenceType} = 'logbook_entry' AND ${logbookEntries.id}::text = ${creditTransfers.referenceId}`)
    .where(and(eq(creditTransfers.kind, 'redistribute'), eq(creditTransfers.fromAccount, poolId)))
    .orderBy(desc(creditTransfers.createdAt))
    .limit(limit);
}
export type PoolPayment = Awaited<ReturnType<typeof poolPayments>>[number];
