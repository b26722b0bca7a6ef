import { and, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid } from '../../../platform/errors.ts';
import { earnCredits } from '../../credits/commands/earn-credits.ts';
import { reverseTransfer } from '../../credits/commands/reverse-transfer.ts';
import { creditTransfers } from '../../credits/schema.ts';
import { careLogs } from '../schema.ts';

type Log = typeof careLogs.$inferSelect;

// Reversing an earning is the co-op's correction, not the volunteer's own choice, so it runs as the system.
const coop: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'Care Circles', isAdmin: true, via: 'system' };

/** The logs this one corrects, nearest first (a correction of a correction walks back). */
async function correctedChain(ctx: Ctx, log: Log): Promise<Log[]> {
  const chain: Log[] = [];
  let next = log.correctsId;
  while (next && chain.length < 50) {
    const [row] = await ctx.tx.select().from(careLogs).where(eq(careLogs.id, next));
    if (!row) break;
    chain.push(row);
    next = row.correctsId;
  }
  return chain;
}

/** Earnings for these logs that have not been reversed. */
async function liveEarnings(ctx: Ctx, logIds: string[]) {
  if (logIds.length === 0) return [];
  const reversal = alias(creditTransfers, 'reversal');
  return ctx.tx
    .select({ id: creditTransfers.id, amount: creditTransfers.amount })
    .from(creditTransfers)
    .leftJoin(reversal, eq(reversal.reversesTransferId, creditTransfers.id))
    .where(and(eq(creditTransfers.kind, 'earn'), eq(creditTransfers.referenceType, 'care_log'), inArray(creditTransfers.referenceId, logIds), isNull(reversal.id)));
}

/**
 * When a volunteer log becomes confirmed (by both sides, by resolution or automatically), its
 * supporter earns its minutes, in the same transaction. earnCredits is idempotent per log (a
 * unique index), so two confirmations at once still earn once. Paid logs earn no credits.
 *
 * A correction replaces what the corrected log earned:
 * - the same minutes: nothing more is earned (the first earning stands for the same support);
 * - more minutes: the correction earns the difference, so the total is the corrected minutes and
 *   nothing already given or spent has to be taken back;
 * - fewer minutes: the earlier earnings are reversed (reverseTransfer) and the correction earns
 *   its own minutes. If the volunteer no longer holds the credits to reverse, confirming is
 *   refused with a clear message (409), because no account may go below zero.
 */
export async function earnForConfirmedLog(ctx: Ctx, log: Log): Promise<void> {
  if (log.kind !== 'volunteer' || log.state !== 'confirmed') return;
  const chain = await correctedChain(ctx, log);
  const earlier = await liveEarnings(ctx, chain.map((l) => l.id));
  const earned = earlier.reduce((sum, e) => sum + e.amount, 0);
  const earn = (minutes: number) => earnCredits(ctx, { personId: log.supporterId, minutes, referenceType: 'care_log', referenceId: log.id });
  if (earned === 0) {
    await earn(log.minutes);
    return;
  }
  if (log.minutes === earned) return;
  if (log.minutes > earned) {
    await earn(log.minutes - earned);
    return;
  }
  const systemCtx: Ctx = { ...ctx, actor: coop };
  await earn(log.minutes);
  for (const e of earlier) {
    try {
      await reverseTransfer(systemCtx, { transferId: e.id, message: `Care log corrected: ${earned} minutes became ${log.minutes}.` });
    } catch (error) {
      if (error instanceof Invalid) throw new Conflict('The corrected log has fewer minutes, but the volunteer has already given or spent the credits the first log earned, so they cannot be taken back. Ask the co-op’s admins to put it right.');
      throw error;
    }
  }
}
