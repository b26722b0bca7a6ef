import { text } from '../../credits/csv.ts';
import { poundsText } from './amounts.ts';
import type { CommonsStatement } from './commons.ts';
import type { PayerStatement, StatementLine, Totals, WorkerStatement } from './statements.ts';
import { payerLabel } from './words.ts';

// Amounts are pounds with two decimals made from pence by integer arithmetic; text cells go
// through the credits CSV's formula-safe quoting, so "=HYPERLINK(...)" in a description stays text.
const row = (cells: (string | number | null)[]) => `${cells.map((c) => (typeof c === 'number' ? String(c) : text(c))).join(',')}\r\n`;
const money = (pence: number | undefined) => (pence === undefined ? '' : poundsText(pence));

function clock(timeZone: string) {
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return { day: (d: Date) => day.format(d), time: (d: Date) => time.format(d) };
}

const note = (l: StatementLine) => (l.money ? '' : 'no agreed rate');

export function workerCsv(s: WorkerStatement, timeZone: string): string {
  const c = clock(timeZone);
  let out = row(['Line', 'Date', 'Team', 'Start', 'End', 'Minutes', 'Rate per hour', 'Gross', 'Commons deducted', 'You receive', 'Expense', 'Description', 'Note']);
  for (const l of s.lines) {
    out += row(['care', c.day(l.startsAt), l.teamName, c.time(l.startsAt), c.time(l.endsAt), l.minutes, l.ratePence === null ? '' : poundsText(l.ratePence), money(l.money?.gross ?? 0), money(l.money?.workerDeduction ?? 0), money(l.money?.workerGets ?? 0), '', '', note(l)]);
  }
  for (const e of s.expenses) out += row(['expense', e.incurredOn, e.teamName, '', '', '', '', '', '', '', poundsText(e.amountPence), e.description, '']);
  const t = s.totals;
  out += row(['total', s.month, '', '', '', t.minutes, '', poundsText(t.gross), poundsText(t.workerDeduction), poundsText(t.workerGets), poundsText(t.expenses), 'Total to receive', poundsText(t.workerGets + t.expenses)]);
  return out;
}

export function payerCsv(s: PayerStatement, timeZone: string): string {
  const c = clock(timeZone);
  let out = row(['Line', 'Payer kind', 'Payer', 'Date', 'Worker', 'Start', 'End', 'Minutes', 'Rate per hour', 'Gross', 'Commons added', 'Charged', 'Expense', 'Description', 'Note']);
  for (const g of s.groups) {
    const kind = g.payer ? payerLabel(g.payer.kind) : '';
    const name = g.payer?.name ?? 'No agreed rate';
    for (const l of g.lines) {
      out += row(['care', kind, name, c.day(l.startsAt), l.workerName, c.time(l.startsAt), c.time(l.endsAt), l.minutes, l.ratePence === null ? '' : poundsText(l.ratePence), money(l.money?.gross ?? 0), money(l.money?.payerAddition ?? 0), money(l.money?.payerPays ?? 0), '', '', note(l)]);
    }
    for (const e of g.expenses) out += row(['expense', kind, name, e.incurredOn, e.workerName, '', '', '', '', '', '', '', poundsText(e.amountPence), e.description, '']);
    const t: Totals = g.totals;
    out += row(['total', kind, name, s.month, '', '', '', t.minutes, '', poundsText(t.gross), poundsText(t.payerAddition), poundsText(t.payerPays), poundsText(t.expenses), 'Total due', poundsText(t.payerPays + t.expenses)]);
  }
  return out;
}

export function commonsCsv(s: CommonsStatement): string {
  let out = row(['Month', 'Team', 'Confirmed paid logs', 'Minutes', 'Gross', 'Commons deducted from workers', 'Commons added to payers', 'Co-op keeps']);
  for (const r of s.rows) out += row([r.month, r.team, r.logs, r.minutes, poundsText(r.gross), poundsText(r.workerDeduction), poundsText(r.payerAddition), poundsText(r.coopKeeps)]);
  const t = s.totals;
  out += row(['total', String(s.year), t.logs, t.minutes, poundsText(t.gross), poundsText(t.workerDeduction), poundsText(t.payerAddition), poundsText(t.coopKeeps)]);
  return out;
}
