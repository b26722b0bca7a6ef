import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { NotAllowed } from '../../../platform/errors.ts';
import { parseInput } from '../../../platform/validate.ts';
import { MAX_TRANSFER_MINUTES } from '../amounts.ts';
import { type Transfer, type TransferResult, issuanceAccount, lockAccounts, personAccounts, postTransfer } from '../ledger.ts';
import { isCoopAdmin } from '../policy.ts';
import { creditAccounts, creditTransfers } from '../schema.ts';
import { issueInput, referenceTypes } from '../validation.ts';

const earnInput = z.object({
  personId: z.uuid({ error: 'Choose who earned the credits' }),
  minutes: z.number().int('Minutes must be a whole number').positive('Minutes must be more than zero').max(MAX_TRANSFER_MINUTES),
  referenceType: z.enum(referenceTypes),
  referenceId: z.string().trim().min(1).max(200),
  idempotencyKey: z.string().trim().min(1).max(300).optional(),
});
export type EarnInput = z.input<typeof earnInput>;

/**
 * New credits for volunteering, from the co-op issuance account. For other modules to call
 * inside their own command (e.g. when both sides confirm a volunteer care log), which checks
 * its own policy first. One reference earns once: the key is derived from it, and a unique
 * index on (reference_type, reference_id) for earnings holds even if a caller sends its own key
 * or two confirmations arrive at the same moment. A person who chose to auto-donate passes the
 * credits straight on to their pool, in the same transaction.
 */
export async function earnCredits(ctx: Ctx, input: EarnInput): Promise<TransferResult & { donated: Transfer | null }> {
  const v = parseInput(earnInput, input);
  const key = v.idempotencyKey ?? `earn:${v.referenceType}:${v.referenceId}`;
  const issuance = await issuanceAccount(ctx);
  const account = (await personAccounts(ctx, [v.personId], 'personId')).get(v.personId) as string;
  const [settings] = await ctx.tx.select({ pool: creditAccounts.autoDonateTo }).from(creditAccounts).where(eq(creditAccounts.id, account));
  // The issuance, the person and their chosen pool are locked together, in id order.
  let locked = await lockAccounts(ctx, [issuance, account, ...(settings?.pool ? [settings.pool] : [])]);
  const pool = locked.get(account)?.autoDonateTo ?? null;
  if (pool && !locked.has(pool)) locked = await lockAccounts(ctx, [issuance, account, pool]);

  const earned = await postTransfer(ctx, locked, {
    kind: 'earn',
    from: issuance,
    to: account,
    amount: v.minutes,
    referenceType: v.referenceType,
    referenceId: v.referenceId,
    key,
  });
  const donationKey = `${key}:auto-donate`;
  if (earned.replayed) {
    const [donated] = await ctx.tx.select().from(creditTransfers).where(eq(creditTransfers.idempotencyKey, donationKey));
    return { ...earned, donated: donated ?? null };
  }
  if (!pool) return { ...earned, donated: null };
  const donated = await postTransfer(ctx, locked, {
    kind: 'donate',
    from: account,
    to: pool,
    amount: v.minutes,
    message: 'Passed on automatically: this person donates everything they earn.',
    referenceType: 'credit_transfer',
    referenceId: earned.transfer.id,
    key: donationKey,
  });
  return { ...earned, donated: donated.transfer };
}

/** The co-op's admins record credits earned by other volunteering a circle has confirmed. */
export async function issueCredits(ctx: Ctx, input: Record<string, unknown>): Promise<TransferResult & { donated: Transfer | null }> {
  const actor = requireActor(ctx.actor);
  if (!isCoopAdmin(actor)) throw new NotAllowed('Only the co-op’s admins can record earned credits here.');
  const v = parseInput(issueInput, input);
  return earnCredits(ctx, { personId: v.personId, minutes: v.amount, referenceType: v.referenceType, referenceId: v.referenceId });
}
