import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../platform/authz.ts';
import { type Clock, DAY, HOUR } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import type { Database } from '../platform/db.ts';
import { circles } from '../modules/circles/schema.ts';
import { careLogs } from '../modules/care/schema.ts';
import { addCareLog, correctCareLog } from '../modules/care/logs/add-log.ts';
import { adjustCareLog, confirmCareLog, disputeCareLog, resolveCareLog } from '../modules/care/logs/commands.ts';

type Log = typeof careLogs.$inferSelect;

/**
 * Care logs for Rose's Team in every state. Run after the visits demo (src/demo/care-visits.ts),
 * whose ended visits leave pending logs: Priya's walks (volunteering, so confirming them earns
 * her credits) and Sam's paid mornings. Without them (visits demo not run), the same logs are
 * added after the fact. Then: several confirmed by both sides, one confirmed after June
 * adjusted the times, one adjusted by Sam and waiting for June or Rose, one disputed, one
 * dispute resolved by Tom (the Local Circle's Leader), a correction of a confirmed walk, and the
 * newest left pending. Needs the teams demo (Rose, June as advocate, Sam paid, Priya volunteer).
 */
export async function careLogsDemo(deps: { database: Database; clock: Clock }, p: Record<string, string>): Promise<void> {
  const [rose] = await deps.database.db.select().from(circles).where(eq(circles.name, "Rose's Team"));
  if (!rose || !p.rose || !p.june || !p.sam || !p.priya || !p.tom) return;
  const teamId = rose.id;
  const now = deps.clock.now();
  const as = (key: string, name: string): Actor => ({ personId: p[key] as string, name, isAdmin: false, via: 'session' });
  const [roseA, june, sam, priya, tom] = [as('rose', 'Rose Pennington'), as('june', 'June Ellis'), as('sam', 'Sam Hughes'), as('priya', 'Priya Shah'), as('tom', 'Tom Barker')];
  // Each step happens a little after the support it is about, as it would have; never in the future.
  const go = <I, O>(when: Date, actor: Actor, command: Command<I, O>, input: I) =>
    run({ database: deps.database, clock: { now: () => new Date(Math.min(when.getTime(), now.getTime())) } }, actor, command, input);
  const logsOf = async (personId: string) =>
    deps.database.db.select().from(careLogs).where(and(eq(careLogs.teamId, teamId), eq(careLogs.supporterId, personId), inArray(careLogs.state, ['pending']))).orderBy(asc(careLogs.startsAt));

  let walks = await logsOf(p.priya);
  let mornings = await logsOf(p.sam);
  if (walks.length + mornings.length === 0) {
    // No visits demo: add the logs after the fact, as the supporters would.
    const day = (n: number, hour: number) => new Date(Math.floor(now.getTime() / DAY) * DAY - n * DAY + hour * HOUR);
    for (const n of [25, 18, 11, 4]) {
      await go(day(n, 16), priya, addCareLog, { teamId, startsAt: day(n, 14).toISOString(), endsAt: day(n, 15.5).toISOString(), activity: 'A walk and a cup of tea at the café.' });
    }
    for (const n of [27, 24, 20, 17, 13, 10, 6, 3]) {
      await go(day(n, 13), sam, addCareLog, { teamId, startsAt: day(n, 10).toISOString(), endsAt: day(n, 12).toISOString(), activity: 'Shower, dressing and a walk to the post box.' });
    }
    [walks, mornings] = [await logsOf(p.priya), await logsOf(p.sam)];
  }

  const after = (log: Log, hours: number) => new Date(log.endsAt.getTime() + hours * HOUR);
  /** Both sides confirm (whichever has not yet): the supporter first, then the owner's side. */
  const confirmBoth = async (log: Log, supporter: Actor, ownerSide: Actor) => {
    if (!log.supporterConfirmedAt) await go(after(log, 1), supporter, confirmCareLog, { logId: log.id });
    if (!log.ownerConfirmedAt) await go(after(log, 20), ownerSide, confirmCareLog, { logId: log.id });
  };
  const minutesLater = (d: Date, m: number) => new Date(d.getTime() + m * 60_000).toISOString();

  // Priya's walks: the first two confirmed (credits earned), the first corrected, the third disputed and resolved.
  const [walk1, walk2, walk3] = walks;
  if (walk1) await confirmBoth(walk1, priya, roseA);
  if (walk2) await confirmBoth(walk2, priya, june);
  if (walk1) {
    const { logId } = await go(after(walk1, 72), june, correctCareLog, {
      logId: walk1.id, startsAt: walk1.startsAt.toISOString(), endsAt: minutesLater(walk1.startsAt, 120), reason: 'They walked on to the allotments: two hours, not ninety minutes.',
    });
    await go(after(walk1, 80), priya, confirmCareLog, { logId });
  }
  if (walk3) {
    await go(after(walk3, 6), roseA, disputeCareLog, { logId: walk3.id, reason: 'We only had a cup of tea: it rained, so there was no walk.' });
    await go(after(walk3, 50), tom, resolveCareLog, {
      logId: walk3.id, outcome: 'confirmed', startsAt: walk3.startsAt.toISOString(), endsAt: minutesLater(walk3.startsAt, 60), note: 'Talked it through with Rose and Priya: an hour of company, no walk. Agreed as one hour.',
    });
  }
  // The newest walk stays pending, for the demo's "waiting for me".

  // Sam's mornings: three confirmed, one adjusted by June and agreed, one adjusted by Sam and waiting, one disputed.
  const [m1, m2, m3, m4, m5, m6] = mornings;
  for (const m of [m1, m2, m3]) if (m) await confirmBoth(m, sam, m === m2 ? june : roseA);
  if (m4) {
    if (!m4.supporterConfirmedAt) await go(after(m4, 1), sam, confirmCareLog, { logId: m4.id });
    await go(after(m4, 8), june, adjustCareLog, { logId: m4.id, startsAt: m4.startsAt.toISOString(), endsAt: minutesLater(m4.startsAt, 90), reason: 'Sam left at half past eleven for another visit; Mum told me.' });
    await go(after(m4, 20), sam, confirmCareLog, { logId: m4.id });
  }
  if (m5) await go(after(m5, 2), sam, adjustCareLog, { logId: m5.id, startsAt: m5.startsAt.toISOString(), endsAt: minutesLater(m5.startsAt, 150), reason: 'Stayed half an hour longer: the district nurse was late and Rose did not want to be alone.' });
  if (m6) await go(after(m6, 30), june, disputeCareLog, { logId: m6.id, reason: 'Mum says nobody came that morning. Sam, can we talk?' });
  // Any later mornings stay pending.
}
