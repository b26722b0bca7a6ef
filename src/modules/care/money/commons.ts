import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed } from '../../../platform/errors.ts';
import { circles } from '../../circles/schema.ts';
import { settingsOf } from '../../membership/settings.ts';
import { isCoopMember } from '../../membership/policy.ts';
import { careLogs } from '../schema.ts';
import { priceLog } from './amounts.ts';
import { localMidnight, monthOf } from './period.ts';
import { agreedRates, rateAt } from './rates.ts';

export interface CommonsRow {
  month: string;
  /** The team's name for the treasurer; "Team 1", "Team 2"... for other members (a team is its own people's). */
  team: string;
  logs: number;
  minutes: number;
  gross: number;
  workerDeduction: number;
  payerAddition: number;
  coopKeeps: number;
}

export interface CommonsStatement {
  year: number;
  named: boolean;
  rows: CommonsRow[];
  totals: Omit<CommonsRow, 'month' | 'team'>;
}

/**
 * The co-op's own statement: the commons contribution it took (DOMAIN.md 6) from every
 * confirmed, priced paid log, by month and team, for a calendar year. The treasurer (the co-op's
 * admins) sees each team's name; any other admitted member sees the same figures with the teams
 * numbered, since a team's affairs are its own people's. Same pricing as the teams' statements.
 */
export async function commonsStatement(ctx: Ctx, input: { year?: unknown; timeZone: string }): Promise<CommonsStatement> {
  if (!ctx.actor) throw new NotAllowed();
  const named = ctx.actor.isAdmin;
  if (!named && !(await isCoopMember(ctx.tx, ctx.actor.personId))) throw new NotAllowed("The co-op's statement is for its members.");
  const thisYear = Number(monthOf(ctx.now, input.timeZone).slice(0, 4));
  const year = input.year === undefined || input.year === '' ? thisYear : Number(input.year);
  if (!Number.isInteger(year) || year < 2000 || year > thisYear + 1) throw new Invalid({ year: 'Choose a year, like 2026' });
  const from = localMidnight(year, 1, 1, input.timeZone);
  const to = localMidnight(year + 1, 1, 1, input.timeZone);
  const logs = await ctx.tx
    .select({ log: careLogs, teamName: circles.name })
    .from(careLogs)
    .innerJoin(circles, eq(circles.id, careLogs.teamId))
    .where(and(
      eq(careLogs.state, 'confirmed'), eq(careLogs.kind, 'paid'), gte(careLogs.startsAt, from), lt(careLogs.startsAt, to),
      sql`NOT EXISTS (SELECT 1 FROM care_logs AS correction WHERE correction.corrects_id = ${careLogs.id} AND correction.state = 'confirmed')`,
    ))
    .orderBy(asc(careLogs.startsAt));
  const rates = await agreedRates(ctx.tx, [...new Set(logs.map((r) => r.log.teamId))], [...new Set(logs.map((r) => r.log.supporterId))], to);
  const { commonsDeductedBasisPoints: deducted, commonsAddedBasisPoints: added } = await settingsOf(ctx.tx, ['commonsDeductedBasisPoints', 'commonsAddedBasisPoints']);
  const number = new Map([...new Set(logs.map((r) => r.log.teamId))].sort().map((id, i) => [id, `Team ${i + 1}`]));
  const byKey = new Map<string, CommonsRow>();
  const zero = { logs: 0, minutes: 0, gross: 0, workerDeduction: 0, payerAddition: 0, coopKeeps: 0 };
  const totals = { ...zero };
  for (const { log, teamName } of logs) {
    const rate = rateAt(rates.filter((r) => r.teamId === log.teamId && r.workerId === log.supporterId), log.startsAt);
    if (!rate) continue;
    const money = priceLog(rate.ratePence, log.minutes, deducted, added);
    const month = monthOf(log.startsAt, input.timeZone);
    const key = `${month} ${log.teamId}`;
    const row = byKey.get(key) ?? { month, team: named ? teamName : (number.get(log.teamId) as string), ...zero };
    byKey.set(key, row);
    for (const target of [row, totals]) {
      target.logs += 1;
      target.minutes += log.minutes;
      target.gross += money.gross;
      target.workerDeduction += money.workerDeduction;
      target.payerAddition += money.payerAddition;
      target.coopKeeps += money.coopKeeps;
    }
  }
  const rows = [...byKey.values()].sort((a, b) => a.month.localeCompare(b.month) || a.team.localeCompare(b.team));
  return { year, named, rows, totals };
}
