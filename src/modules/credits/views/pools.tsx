import { t } from '../../../web/i18n.ts';
import type { FormState } from '../../../web/views/forms.tsx';
import { formatCredits } from '../amounts.ts';
import { formatDateTime } from '../../../web/format.ts';
import type { PoolPayment } from '../pools.ts';
import type { StatementRow, listPools, poolDetail } from '../queries.ts';
import { StatementFilters, StatementTable, filterQuery } from './statement.tsx';
import { Table } from '../../../web/views/table.tsx';

type Pool = Awaited<ReturnType<typeof listPools>>[number];
type Detail = NonNullable<Awaited<ReturnType<typeof poolDetail>>>;

export function PoolList({ pools }: { pools: Pool[] }) {
  return (
    <>
      <h1>{t('Pools')}</h1>
      <p>{t('A pool is a common account belonging to a circle. Anyone can donate to it; the circle pays out of it as its logbook decisions allow, for example welcome gifts for new members.')}</p>
      {pools.length === 0 ? (
        <p>{t('There are no pools yet.')}</p>
      ) : (
        <Table caption={t('Pools and what they hold')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('Pool')}</th>
              <th scope="col">{t('Circle')}</th>
              <th scope="col">{t('Holds')}</th>
            </tr>
          </thead>
          <tbody>
            {pools.map((p) => (
              <tr key={p.id}>
                <td><a href={`/credits/pools/${p.id}`}>{p.name}</a></td>
                <td><a href={`/circles/${p.circleId}`}>{p.circleName}</a></td>
                <td>{formatCredits(p.balance)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <p><a href="/credits/pools/new">{t('Open a pool for a circle')}</a></p>
    </>
  );
}

export interface PoolPageProps {
  detail: Detail;
  canRun: boolean;
  rows: StatementRow[];
  next: string | null;
  filter: FormState;
  tz: string;
  payments: PoolPayment[];
}

export function PoolPage({ detail, canRun, rows, next, filter, tz, payments }: PoolPageProps) {
  const pool = detail.account;
  const base = `/credits/pools/${pool.id}`;
  return (
    <>
      <h1>{t('Pool: {name}', { name: pool.name })}</h1>
      <p>
        {t('Belongs to')} <a href={`/circles/${pool.circleId}`}>{detail.circleName}</a>.{' '}
        <strong>{t('It holds {amount}.', { amount: formatCredits(pool.balance) })}</strong>
      </p>
      <p><a href="/credits">{t('Donate to this pool from your credits')}</a></p>

      <section aria-labelledby="allowed-title">
        <h2 id="allowed-title">{t('What the circle has decided this pool may pay for')}</h2>
        {detail.allowances.length === 0 ? (
          <p>{t('Nothing yet: no payments can be made from this pool until the circle adopts a decision whose mandate allows them.')}</p>
        ) : (
          <Table caption={t('Decisions allowing payments from this pool')} hideCaption>
            <thead>
              <tr>
                <th scope="col">{t('Decision')}</th>
                <th scope="col">{t('For')}</th>
                <th scope="col">{t('Most in one payment')}</th>
                <th scope="col">{t('Paid so far, of the total allowed')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.allowances.map((a) => (
                <tr key={a.allowance.id}>
                  <td>
                    <a href={`/logbook/${a.allowance.logbookEntryId}`}>{a.title}</a>
                    {a.state !== 'in_force' ? <small class="hint">{t('No longer in force.')}</small> : null}
                  </td>
                  <td>{a.allowance.purpose}</td>
                  <td>{formatCredits(a.allowance.perPaymentLimit)}</td>
                  <td>{t('{paid} of {total}', { paid: formatCredits(a.paid), total: formatCredits(a.allowance.totalLimit) })}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {canRun ? (
          <ul>
            <li><a href={`${base}/pay`}>{t('Pay from this pool')}</a></li>
            <li><a href={`/circles/${pool.circleId}/proposals/new`}>{t('Bring a proposal whose mandate allows payments from this pool')}</a></li>
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="payments-title">
        <h2 id="payments-title">{t('Payments out, and the decision each cites')}</h2>
        {payments.length === 0 ? (
          <p>{t('Nothing has been paid out of this pool yet.')}</p>
        ) : (
          <Table caption={t('The latest payments out of this pool')} hideCaption>
            <thead>
              <tr>
                <th scope="col">{t('When')}</th>
                <th scope="col">{t('To')}</th>
                <th scope="col">{t('Amount')}</th>
                <th scope="col">{t('Allowed by')}</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr key={p.id}>
                  <td>{formatDateTime(p.at, tz)}</td>
                  <td>{p.toName}{p.reversed ? <small class="hint">{t('Reversed since.')}</small> : null}</td>
                  <td>{formatCredits(p.amount)}</td>
                  <td>{p.entryId ? <a href={`/logbook/${p.entryId}`}>{p.title}</a> : t('No decision')}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="pool-history-title">
        <h2 id="pool-history-title">{t('Statement')}</h2>
        <StatementFilters action={base} state={filter} />
        <p><a href={`${base}/statement.csv${filterQuery(filter.values)}`} download>{t('Download this statement as a spreadsheet (CSV)')}</a></p>
        <StatementTable rows={rows} next={next} tz={tz} caption={t('Everything in and out of this pool, newest first')} basePath={base} values={filter.values} />
      </section>
    </>
  );
}
