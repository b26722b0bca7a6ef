import { type SQL, and, asc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { recordAccess, recordAccesses } from '../../../platform/access-log.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { NotAllowed } from '../../../platform/errors.ts';
import { circles } from '../../circles/schema.ts';
import { settingsOf } from '../../membership/settings.ts';
import { people } from '../../people/schema.ts';
import { isOwnerSide } from '../policy.ts';
import { careExpenses, careLogs } from '../schema.ts';
import { type LogMoney, priceLog } from './amounts.ts';
import { localMidnight, monthPeriod, type Period } from './period.ts';
import { type Rate, agreedRates, moneyFacts, rateAt } from './rates.ts';

export interface Payer {
  kind: string;
  name: string;
}
export const payerKey = (p: Payer | null): string => (p ? `${p.kind}:${p.name}` : 'none');

export interface StatementLine {
  logId: string;
  teamId: string;
  teamName: string;
  workerId: string;
  workerName: string;
  startsAt: Date;
  endsAt: Date;
  minutes: number;
  /** The agreed rate in force at the log's start; null is shown as "no agreed rate" and counts as zero. */
  ratePence: number | null;
  payer: Payer | null;
  money: LogMoney | null;
}

export interface ExpenseLine {
  expenseId: string;
  teamName: string;
  workerName: string;
  incurredOn: string;
  description: string;
  amountPence: number;
  payer: Payer | null;
}

export interface Totals extends LogMoney {
  minutes: number;
  expenses: number;
  unpricedLogs: number;
}

const zero: LogMoney = { gross: 0, workerDeduction: 0, payerAddition: 0, payerPays: 0, workerGets: 0, coopKeeps: 0 };

/** Totals are sums of the lines' own figures, so every printed line adds up to the total. */
export function sumLines(lines: StatementLine[], expenses: ExpenseLine[]): Totals {
  const t: Totals = { ...zero, minutes: 0, expenses: 0, unpricedLogs: 0 };
  for (const l of lines) {
    t.minutes += l.minutes;
    if (!l.money) t.unpricedLogs += 1;
    for (const k of Object.keys(zero) as (keyof LogMoney)[]) t[k] += l.money?.[k] ?? 0;
  }
  for (const e of expenses) t.expenses += e.amountPence;
  return t;
}

const teamCircle = alias(circles, 'statement_team');

/**
 * The confirmed paid logs that start in the period, priced. A log with a confirmed correction
 * is left out: the correction is counted instead (in the month it starts). Pending, adjusted,
 * disputed and void logs never count. See docs/decisions/0010-care-money-rounding.md.
 */
async function pricedLines(tx: Tx, period: Period, where: SQL): Promise<StatementLine[]> {
  const rows = await tx
    .select({ log: careLogs, teamName: teamCircle.name, workerName: people.name })
    .from(careLogs)
    .innerJoin(teamCircle, eq(teamCircle.id, careLogs.teamId))
    .innerJoin(people, eq(people.id, careLogs.supporterId))
    .where(and(
      where,
      eq(careLogs.state, 'confirmed'),
      eq(careLogs.kind, 'paid'),
      gte(careLogs.startsAt, period.from),
      lt(careLogs.startsAt, period.to),
      sql`NOT EXISTS (SELECT 1 FROM care_logs AS correction WHERE correction.corrects_id = ${careLogs.id} AND correction.state = 'confirmed')`,
    ))
    .orderBy(asc(careLogs.startsAt), asc(careLogs.id));
  const rates = await agreedRates(tx, [...new Set(rows.map((r) => r.log.teamId))], [...new Set(rows.map((r) => r.log.supporterId))], period.to);
  const { commonsDeductedBasisPoints: deducted, commonsAddedBasisPoints: added } = await settingsOf(tx, ['commonsDeductedBasisPoints', 'commonsAddedBasisPoints']);
  return rows.map(({ log, teamName, workerName }) => {
    const rate = rateAt(rates.filter((r) => r.teamId === log.teamId && r.workerId === log.supporterId), log.startsAt);
    return {
      logId: log.id, teamId: log.teamId, teamName, workerId: log.supporterId, workerName, startsAt: log.startsAt, endsAt: log.endsAt, minutes: log.minutes,
      ratePence: rate?.ratePence ?? null, payer: rate ? { kind: rate.payerKind, name: rate.payerName } : null,
      money: rate ? priceLog(rate.ratePence, log.minutes, deducted, added) : null,
    };
  });
}

async function approvedExpenses(tx: Tx, period: Period, where: SQL, timeZone: string): Promise<ExpenseLine[]> {
  const rows = await tx
    .select({ e: { id: careExpenses.id, teamId: careExpenses.teamId, workerId: careExpenses.workerId, incurredOn: careExpenses.incurredOn, description: careExpenses.description, amountPence: careExpenses.amountPence }, teamName: teamCircle.name, workerName: people.name })
    .from(careExpenses)
    .innerJoin(teamCircle, eq(teamCircle.id, careExpenses.teamId))
    .innerJoin(people, eq(people.id, careExpenses.workerId))
    .where(and(where, eq(careExpenses.state, 'approved'), gte(careExpenses.incurredOn, period.firstDay), lte(careExpenses.incurredOn, period.lastDay)))
    .orderBy(asc(careExpenses.incurredOn), asc(careExpenses.id));
  const rates: Rate[] = await agreedRates(tx, [...new Set(rows.map((r) => r.e.teamId))], [...new Set(rows.map((r) => r.e.workerId))], period.to);
  return rows.map(({ e, teamName, workerName }) => {
    // An expense goes to the payer of the worker's rate in force on its day (by the day's end).
    const [y, m, d] = e.incurredOn.split('-').map(Number) as [number, number, number];
    const rate = rateAt(rates.filter((r) => r.teamId === e.teamId && r.workerId === e.workerId), localMidnight(y, m, d + 1, timeZone));
    return { expenseId: e.id, teamName, workerName, incurredOn: e.incurredOn, description: e.description, amountPence: e.amountPence, payer: rate ? { kind: rate.payerKind, name: rate.payerName } : null };
  });
}

export interface WorkerStatement {
  month: string;
  workerName: string;
  lines: StatementLine[];
  expenses: ExpenseLine[];
  totals: Totals;
}

/** The signed-in worker's own statement across their teams. Each team's records read are logged. */
export async function workerStatement(ctx: Ctx, input: { month?: unknown; timeZone: string }): Promise<WorkerStatement> {
  if (!ctx.actor) throw new NotAllowed();
  const me = ctx.actor.personId;
  const period = monthPeriod(input.month, ctx.now, input.timeZone);
  const lines = await pricedLines(ctx.tx, period, eq(careLogs.supporterId, me));
  const expenses = await approvedExpenses(ctx.tx, period, eq(careExpenses.workerId, me), input.timeZone);
  const teams = await ctx.tx.select({ id: circles.id, ownerId: circles.ownerId }).from(circles).where(sql`${circles.id} IN (SELECT team_id FROM care_logs WHERE supporter_id = ${me} AND starts_at >= ${period.from} AND starts_at < ${period.to})`);
  // One entry a team, written in one insert however many teams the month had (issue 20).
  await recordAccesses(ctx.tx, ctx.now, teams.map((team) => ({ actorId: me, recordType: 'statement', recordId: team.id, ownerId: team.ownerId, reason: `worker statement for ${period.month}` })));
  return { month: period.month, workerName: ctx.actor.name, lines, expenses, totals: sumLines(lines, expenses) };
}

export interface PayerGroup {
  key: string;
  payer: Payer | null;
  lines: StatementLine[];
  expenses: ExpenseLine[];
  totals: Totals;
}

export interface PayerStatement {
  month: string;
  team: { id: string; name: string };
  groups: PayerGroup[];
  /** Every payer the month has, for the filter, whatever was chosen. */
  payers: { key: string; payer: Payer | null }[];
}

/** A team's statement per payer, for the owner's side: each worker's confirmed hours, charged with the commons addition. */
export async function payerStatement(ctx: Ctx, input: { teamId: string; month?: unknown; payer?: unknown; timeZone: string }): Promise<PayerStatement> {
  const { f, actor } = await moneyFacts(ctx, input.teamId);
  if (!isOwnerSide(actor, f)) throw new NotAllowed("The owner's side reads the team's statements; a worker reads their own under Money.");
  const period = monthPeriod(input.month, ctx.now, input.timeZone);
  const lines = await pricedLines(ctx.tx, period, eq(careLogs.teamId, f.team.id));
  const expenses = await approvedExpenses(ctx.tx, period, eq(careExpenses.teamId, f.team.id), input.timeZone);
  const byKey = new Map<string, PayerGroup>();
  const group = (payer: Payer | null) => {
    const key = payerKey(payer);
    if (!byKey.has(key)) byKey.set(key, { key, payer, lines: [], expenses: [], totals: sumLines([], []) });
    return byKey.get(key) as PayerGroup;
  };
  for (const l of lines) group(l.payer).lines.push(l);
  for (const e of expenses) group(e.payer).expenses.push(e);
  const all = [...byKey.values()].sort((a, b) => (a.payer ? 0 : 1) - (b.payer ? 0 : 1) || a.key.localeCompare(b.key));
  for (const g of all) g.totals = sumLines(g.lines, g.expenses);
  const chosen = typeof input.payer === 'string' && input.payer ? all.filter((g) => g.key === input.payer) : all;
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: 'statement', recordId: f.team.id, ownerId: f.team.ownerId, reason: `payer statement for ${period.month}` });
  return { month: period.month, team: { id: f.team.id, name: f.team.name }, groups: chosen, payers: all.map((g) => ({ key: g.key, payer: g.payer })) };
}
