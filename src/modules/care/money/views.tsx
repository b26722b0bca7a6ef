import { t } from '../../../web/i18n.ts';
import { formatMinutes, formatPounds } from './amounts.ts';
import type { CommonsStatement } from './commons.ts';
import type { ExpenseLine, PayerGroup, PayerStatement, StatementLine, Totals, WorkerStatement } from './statements.ts';
import { payerLabel } from './words.ts';
import { Table } from '../../../web/views/table.tsx';

const monthName = (month: string) => new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T12:00:00Z`));
const pounds = (p: number | null | undefined) => formatPounds(p ?? 0);

function when(timeZone: string) {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (l: StatementLine) => ({ day: day.format(l.startsAt), times: `${time.format(l.startsAt)}–${time.format(l.endsAt)}` });
}

/** Choose another month; a GET form, so it works without JavaScript (and is hidden in print). */
export function MonthPicker({ action, month, payer }: { action: string; month: string; payer?: string }) {
  return (
    <form method="get" action={action} class="no-print">
      <label for="field-month">{t('Month')}</label>
      <input id="field-month" name="month" type="month" value={month} />
      {payer ? <input type="hidden" name="payer" value={payer} /> : null}
      <button type="submit" class="secondary">{t('Show this month')}</button>
    </form>
  );
}

const Rate = ({ l }: { l: StatementLine }) => (l.ratePence === null ? <strong>{t('no agreed rate')}</strong> : <>{formatPounds(l.ratePence)}</>);

function Expenses({ rows, withWorker }: { rows: ExpenseLine[]; withWorker?: boolean }) {
  if (rows.length === 0) return <p>{t('No approved expenses this month.')}</p>;
  return (
    <Table caption={t('Approved expenses, at cost (no commons contribution)')}>
      <thead><tr><th scope="col">{t('Date')}</th>{withWorker ? <th scope="col">{t('Worker')}</th> : <th scope="col">{t('Team')}</th>}<th scope="col">{t('What for')}</th><th scope="col">{t('Amount')}</th></tr></thead>
      <tbody>{rows.map((e) => <tr key={e.expenseId}><td>{e.incurredOn}</td><td>{withWorker ? e.workerName : e.teamName}</td><td>{e.description}</td><td>{formatPounds(e.amountPence)}</td></tr>)}</tbody>
    </Table>
  );
}

const Unpriced = ({ totals }: { totals: Totals }) =>
  totals.unpricedLogs ? <p role="note">{t('{n} confirmed paid log(s) had no agreed rate in force: they count as £0.00 until a rate is agreed for them.', { n: totals.unpricedLogs })}</p> : null;

export function WorkerStatementView({ s, timeZone, csvHref }: { s: WorkerStatement; timeZone: string; csvHref: string }) {
  const w = when(timeZone);
  const x = s.totals;
  return (
    <>
      <h1>{t('Your statement for {month}', { month: monthName(s.month) })}</h1>
      <p>{t('{name}: confirmed paid support only. Each line is priced at the rate agreed when it started; the commons contribution is taken from each line.', { name: s.workerName })}</p>
      <MonthPicker action="/money/statements/worker" month={s.month} />
      <p class="no-print"><a href={csvHref} download>{t('Download as CSV')}</a> · <a href="/money">{t('Back to your money')}</a></p>
      {s.lines.length === 0 ? <p>{t('No confirmed paid support this month.')}</p> : (
        <Table caption={t('Confirmed paid support')}>
          <thead><tr><th scope="col">{t('Date')}</th><th scope="col">{t('Team')}</th><th scope="col">{t('Times')}</th><th scope="col">{t('Time worked')}</th><th scope="col">{t('Rate per hour')}</th><th scope="col">{t('Gross')}</th><th scope="col">{t('Commons deducted')}</th><th scope="col">{t('You receive')}</th></tr></thead>
          <tbody>
            {s.lines.map((l) => {
              const d = w(l);
              return <tr key={l.logId}><td>{d.day}</td><td>{l.teamName}</td><td>{d.times}</td><td>{formatMinutes(l.minutes)}</td><td><Rate l={l} /></td><td>{pounds(l.money?.gross)}</td><td>{pounds(l.money?.workerDeduction)}</td><td>{pounds(l.money?.workerGets)}</td></tr>;
            })}
          </tbody>
          <tfoot><tr><th scope="row" colSpan={3}>{t('Total')}</th><td>{formatMinutes(x.minutes)}</td><td></td><td>{pounds(x.gross)}</td><td>{pounds(x.workerDeduction)}</td><td>{pounds(x.workerGets)}</td></tr></tfoot>
        </Table>
      )}
      <Unpriced totals={x} />
      <Expenses rows={s.expenses} />
      <p class="statement-total"><strong>{t('Total to receive: {amount}', { amount: pounds(x.workerGets + x.expenses) })}</strong> ({t('support {a} + expenses {b}', { a: pounds(x.workerGets), b: pounds(x.expenses) })})</p>
    </>
  );
}

function Group({ g, timeZone }: { g: PayerGroup; timeZone: string }) {
  const w = when(timeZone);
  const x = g.totals;
  const title = g.payer ? `${g.payer.name} (${payerLabel(g.payer.kind)})` : t('No agreed rate');
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {g.lines.length === 0 ? <p>{t('No confirmed paid support this month.')}</p> : (
        <Table caption={t('Confirmed paid support charged to {payer}', { payer: title })}>
          <thead><tr><th scope="col">{t('Date')}</th><th scope="col">{t('Worker')}</th><th scope="col">{t('Times')}</th><th scope="col">{t('Hours')}</th><th scope="col">{t('Rate per hour')}</th><th scope="col">{t('Gross')}</th><th scope="col">{t('Commons added')}</th><th scope="col">{t('Charged')}</th></tr></thead>
          <tbody>
            {g.lines.map((l) => {
              const d = w(l);
              return <tr key={l.logId}><td>{d.day}</td><td>{l.workerName}</td><td>{d.times}</td><td>{formatMinutes(l.minutes)}</td><td><Rate l={l} /></td><td>{pounds(l.money?.gross)}</td><td>{pounds(l.money?.payerAddition)}</td><td>{pounds(l.money?.payerPays)}</td></tr>;
            })}
          </tbody>
          <tfoot><tr><th scope="row" colSpan={3}>{t('Total')}</th><td>{formatMinutes(x.minutes)}</td><td></td><td>{pounds(x.gross)}</td><td>{pounds(x.payerAddition)}</td><td>{pounds(x.payerPays)}</td></tr></tfoot>
        </Table>
      )}
      <Unpriced totals={x} />
      <Expenses rows={g.expenses} withWorker />
      <p class="statement-total"><strong>{t('Total due from {payer}: {amount}', { payer: g.payer?.name ?? t('no agreed payer'), amount: pounds(x.payerPays + x.expenses) })}</strong></p>
    </section>
  );
}

export function PayerStatementView({ s, timeZone, payer, csvHref }: { s: PayerStatement; timeZone: string; payer: string; csvHref: string }) {
  const base = `/teams/${s.team.id}/money/statements`;
  return (
    <>
      <h1>{t('{team}: statement for {month}', { team: s.team.name, month: monthName(s.month) })}</h1>
      <p>{t('Confirmed paid support only, by payer. Each line is priced at the rate agreed when it started; the commons contribution is added to each line.')}</p>
      <MonthPicker action={base} month={s.month} payer={payer} />
      <nav aria-label={t('Payers')} class="no-print">
        <ul>
          <li><a href={`${base}?month=${s.month}`} aria-current={payer ? undefined : 'page'}>{t('All payers')}</a></li>
          {s.payers.map((p) => (
            <li key={p.key}><a href={`${base}?month=${s.month}&payer=${encodeURIComponent(p.key)}`} aria-current={payer === p.key ? 'page' : undefined}>{p.payer?.name ?? t('No agreed rate')}</a></li>
          ))}
        </ul>
      </nav>
      <p class="no-print"><a href={csvHref} download>{t('Download as CSV')}</a> · <a href={`/teams/${s.team.id}/money`}>{t('Back to the team’s money')}</a></p>
      {s.groups.length === 0 ? <p>{t('No confirmed paid support or approved expenses this month.')}</p> : s.groups.map((g) => <Group key={g.key} g={g} timeZone={timeZone} />)}
    </>
  );
}

export function CommonsStatementView({ s, csvHref }: { s: CommonsStatement; csvHref: string }) {
  return (
    <>
      <h1>{t("The co-op's commons contributions, {year}", { year: s.year })}</h1>
      <p>{t('What the co-op kept from confirmed paid support: the share deducted from each worker\'s rate and the share added to what the payer is charged.')}</p>
      {s.named ? null : <p>{t('Teams are numbered: a team\'s affairs are its own people\'s. The treasurer sees their names.')}</p>}
      <p><a href={`/money/commons?year=${s.year - 1}`}>{t('Previous year')}</a> · <a href={`/money/commons?year=${s.year + 1}`}>{t('Next year')}</a> · <a href={csvHref}>{t('Download as CSV')}</a></p>
      {s.rows.length === 0 ? <p>{t('No confirmed paid support with an agreed rate this year.')}</p> : (
        <Table caption={t("The co-op's commons contributions by month and team")} hideCaption>
          <thead><tr><th scope="col">{t('Month')}</th><th scope="col">{t('Team')}</th><th scope="col">{t('Hours')}</th><th scope="col">{t('Gross')}</th><th scope="col">{t('Deducted from workers')}</th><th scope="col">{t('Added to payers')}</th><th scope="col">{t('Co-op keeps')}</th></tr></thead>
          <tbody>
            {s.rows.map((r) => (
              <tr key={`${r.month}${r.team}`}><td>{r.month}</td><td>{r.team}</td><td>{(r.minutes / 60).toFixed(2)}</td><td>{formatPounds(r.gross)}</td><td>{formatPounds(r.workerDeduction)}</td><td>{formatPounds(r.payerAddition)}</td><td>{formatPounds(r.coopKeeps)}</td></tr>
            ))}
          </tbody>
          <tfoot><tr><th scope="row" colSpan={2}>{t('Total')}</th><td>{(s.totals.minutes / 60).toFixed(2)}</td><td>{formatPounds(s.totals.gross)}</td><td>{formatPounds(s.totals.workerDeduction)}</td><td>{formatPounds(s.totals.payerAddition)}</td><td>{formatPounds(s.totals.coopKeeps)}</td></tr></tfoot>
        </Table>
      )}
    </>
  );
}
