import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { notify } from '../../../platform/notify.ts';
import { careLogs } from '../schema.ts';
import { type LogFacts, logFacts, logReadReason } from './policy.ts';

export type CareLog = typeof careLogs.$inferSelect;
export type CareLogRow = Omit<CareLog, 'hash'>;

export const logNotFound = () => new NotFound('That care log was not found.');

/** The same lock saveCareLog takes: taken first, so a command and the chain lock in one order. */
export const lockTeamChain = (ctx: Ctx, teamId: string) => ctx.tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`care-log-chain:${teamId}`}, 0))`);

/**
 * A log to change: its team's chain locked, then the row, so two changes to the same log (or
 * two confirmations at once) queue and the second sees the first. Not found for anyone who
 * may not read it, admins included. A read passes forUpdate false and takes no lock.
 */
export async function lockLog(ctx: Ctx, logId: unknown, forUpdate = true): Promise<{ log: CareLog; facts: LogFacts; reason: string }> {
  if (!isUuid(logId)) throw logNotFound();
  if (forUpdate) {
    // The team is needed before the row, for the lock; a read takes no lock and reads the row once.
    const [found] = await ctx.tx.select({ teamId: careLogs.teamId }).from(careLogs).where(eq(careLogs.id, logId));
    if (!found) throw logNotFound();
    await lockTeamChain(ctx, found.teamId);
  }
  const query = ctx.tx.select().from(careLogs).where(eq(careLogs.id, logId));
  const [log] = forUpdate ? await query.for('update') : await query;
  if (!log) throw logNotFound();
  const facts = await logFacts(ctx.tx, log.teamId, ctx.now, ctx.actor, log);
  const reason = logReadReason(ctx.actor, facts, log);
  if (!reason) throw logNotFound();
  return { log, facts, reason };
}

export const rowOf = ({ hash: _hash, ...row }: CareLog): CareLogRow => row;

/** The owner's side of a team: the owner and, if there is one, their advocate. */
export const ownerSide = (f: LogFacts): string[] => [f.team.ownerId, ...(f.advocateId ? [f.advocateId] : [])];

/** Tell people about a log, never its content: the page they follow the link to logs the read. */
export async function tell(ctx: Ctx, who: string[], text: string, logId: string): Promise<void> {
  await notify(ctx.tx, ctx.now, who.filter((id) => id !== ctx.actor?.personId), { text, href: `/care-logs/${logId}` });
}
