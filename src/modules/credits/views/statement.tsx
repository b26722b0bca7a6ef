import type { ComponentChildren } from 'preact';
import { formatDateTime } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { Field, type FormState, Select } from '../../../web/views/forms.tsx';
import { formatCredits } from '../amounts.ts';
import type { StatementRow } from '../queries.ts';
import { activityLabel } from '../validation.ts';
import { Table } from '../../../web/views/table.tsx';

export const kindOptions = [
  { value: '', label: 'Everything' },
  { value: 'earn', label: 'Earned' },
  { value: 'gift', label: 'Gifts' },
  { value: 'donate', label: 'Donations to pools' },
  { value: 'redistribute', label: 'Payments from pools' },
  { value: 'spend', label: 'Paid for extras' },
  { value: 'reverse', label: 'Reversals' },
];

/** What happened, in a sentence, from this account's side. */
export function describe(row: Pick<StatementRow, 'kind' | 'amount' | 'counterparty' | 'activity' | 'counterpartyKind'>): string {
  const incoming = row.amount > 0;
  const who = row.counterparty;
  switch (row.kind) {
    case 'earn':
      return incoming ? t('Earned by volunteering') : t('Earned credits issued to {who}', { who });
    case 'gift':
      return incoming ? t('Gift from {who}', { who }) : t('Gift to {who}', { who });
    case 'donate':
      return incoming ? t('Donation from {who}', { who }) : t('Donation to {who}', { who });
    case 'redistribute':
      return incoming ? t('From the pool {who}', { who }) : t('Paid from the pool to {who}', { who });
    case 'spend':
      return incoming
        ? t('Paid by {who} for: {activity}', { who, activity: activityLabel(row.activity) })
        : t('Paid {who} for: {activity}', { who, activity: activityLabel(row.activity) });
    case 'reverse':
      return incoming ? t('Reversal: returned by {who}', { who }) : t('Reversal: returned to {who}', { who });
  }
}

/** The filter as query parameters, for links to the next page and the CSV export. */
export function filterQuery(values: Record<string, unknown>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of ['kind', 'from', 'to']) {
    const value = values[name];
    if (typeof value === 'string' && value) params.set(name, value);
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function StatementFilters({ action, state }: { action: string; state: FormState }) {
  return (
    <form method="get" action={action} class="statement-filters" aria-label={t('Filter the history')}>
      <Select name="kind" label={t('Show')} options={kindOptions.map((o) => ({ value: o.value, label: t(o.label) }))} state={state} />
      <Field name="from" label={t('From (date)')} type="date" hint={t('For example 2026-03-01')} state={state} />
      <Field name="to" label={t('To (date)')} type="date" hint={t('Included')} state={state} />
      <button type="submit" class="secondary">
        {t('Show history')}
      </button>
    </form>
  );
}

export interface StatementProps {
  rows: StatementRow[];
  next: string | null;
  tz: string;
  caption: string;
  basePath: string;
  values: Record<string, unknown>;
  /** A button per row, e.g. "Give back" for credits you received. */
  action?: (row: StatementRow) => ComponentChildren;
}

export function StatementTable({ rows, next, tz, caption, basePath, values, action }: StatementProps) {
  if (rows.length === 0) return <p>{t('Nothing to show yet.')}</p>;
  return (
    <>
      <Table caption={caption}>
        <thead>
          <tr>
            <th scope="col">{t('When')}</th>
            <th scope="col">{t('What')}</th>
            <th scope="col">{t('Message')}</th>
            <th scope="col">{t('In or out')}</th>
            <th scope="col">{t('Balance after')}</th>
            {action ? <th scope="col">{t('Action')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.transferId}-${row.version}`}>
              <td>{formatDateTime(row.at, tz)}</td>
              <td>
                {describe(row)}
                {row.reversedBy ? <small class="hint">{t('Reversed since.')}</small> : null}
              </td>
              <td>{row.message ?? ''}</td>
              <td>{row.amount > 0 ? t('In: {amount}', { amount: formatCredits(row.amount) }) : t('Out: {amount}', { amount: formatCredits(-row.amount) })}</td>
              <td>{formatCredits(row.balanceAfter)}</td>
              {action ? <td>{action(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </Table>
      <nav aria-label={t('Pages of history')}>
        {values.before ? <a href={`${basePath}${filterQuery(values)}`}>{t('Back to the newest')}</a> : null}{' '}
        {next ? <a href={`${basePath}${filterQuery(values, { before: next })}`}>{t('Older entries')}</a> : null}
      </nav>
    </>
  );
}
