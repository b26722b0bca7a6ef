import type { Actor } from '../platform/authz.ts';
import { DAY, type Clock } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import type { Database } from '../platform/db.ts';
import { circles } from '../modules/circles/schema.ts';
import { claimExpense, decideExpense } from '../modules/care/money/expenses.ts';
import { dayOf, monthPeriod, previousMonth } from '../modules/care/money/period.ts';
import { agreeRate, proposeRate } from '../modules/care/money/rates.ts';

// A one-pixel PNG: a small but real receipt for the demo's expenses.
const RECEIPT = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/**
 * Money for Rose's Team: Sam's rate of £20.00 from Rose's personal budget, agreed two months
 * ago, then £21.50 paid by Calderdale Council from ten days ago (so statements show two payers
 * and a superseded rate); expenses with receipts, two approved by June and one waiting.
 * Run after the teams, visits and care-logs demos: the statements price their confirmed logs.
 */
export async function seedCareMoney(deps: { database: Database; clock: Clock }, p: Record<string, string>): Promise<void> {
  const [team] = (await deps.database.db.select().from(circles)).filter((c) => c.name === "Rose's Team");
  if (!team || !p.sam || !p.rose || !p.june) return;
  const now = deps.clock.now();
  const at = (daysAgo: number) => ({ database: deps.database, clock: { now: () => new Date(now.getTime() - daysAgo * DAY) } });
  const as = (key: string, name: string): Actor => ({ personId: p[key] as string, name, isAdmin: false, via: 'session' });
  const go = <I, O>(daysAgo: number, actor: Actor, command: Command<I, O>, input: I) => run(at(daysAgo), actor, command, input);
  const sam = as('sam', 'Sam Hughes');

  const first = await go(70, sam, proposeRate, { teamId: team.id, rate: '20.00', payerKind: 'personal_budget', payerName: "Rose Pennington's personal budget", expensesAgreement: 'Bus fares and parking at cost, with a receipt.' });
  await go(70, as('rose', 'Rose Pennington'), agreeRate, { rateId: first.rateId });
  const second = await go(12, as('june', 'June Ellis'), proposeRate, { teamId: team.id, workerId: p.sam, rate: '21.50', payerKind: 'local_authority', payerName: 'Calderdale Council', expensesAgreement: 'Bus fares and parking at cost, with a receipt; anything else agreed first.' });
  await go(10, sam, agreeRate, { rateId: second.rateId });

  const tz = 'Europe/London';
  const lastMonth = monthPeriod(previousMonth(dayOf(now, tz).slice(0, 7)), now, tz);
  const today = dayOf(now, tz);
  const claim = (daysAgo: number, incurredOn: string, amount: string, description: string, name: string) =>
    go(daysAgo, sam, claimExpense, { teamId: team.id, incurredOn, amount, description, receipt: { filename: name, data: RECEIPT, truncated: false } });
  const parking = await claim(0, `${lastMonth.month}-14`, '3.20', 'Parking at Calderdale Royal for Rose’s clinic appointment', 'parking.png');
  await go(0, as('june', 'June Ellis'), decideExpense, { expenseId: parking.expenseId, decision: 'approve', note: '' });
  const bus = await claim(0, `${today.slice(0, 7)}-01`, '4.60', 'Bus fares to the garden centre with Rose', 'bus-tickets.png');
  await go(0, as('june', 'June Ellis'), decideExpense, { expenseId: bus.expenseId, decision: 'approve', note: 'Thanks, Sam.' });
  await claim(0, today, '7.85', 'Seed trays and compost for the window boxes', 'garden-receipt.png');
}
