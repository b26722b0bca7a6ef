import { t } from '../../../web/i18n.ts';
import type { FormState } from '../../../web/views/forms.tsx';
import { formatCredits } from '../amounts.ts';
import type { StatementRow } from '../queries.ts';
import { DonateForm, type Finder, GiveForm, type Option } from './forms.tsx';
import { StatementFilters, StatementTable, filterQuery } from './statement.tsx';

export interface OverviewProps {
  balance: number;
  autoDonatePool: string | null;
  people: Option[];
  pools: Option[];
  giveFinder: Finder;
  donateFinder: Finder;
  give: FormState;
  donate: FormState;
  filter: FormState;
  rows: StatementRow[];
  next: string | null;
  tz: string;
  csrf: string;
}

/** Credits you received can be given back (a reversal) unless already reversed. */
function GiveBack({ row, csrf }: { row: StatementRow; csrf: string }) {
  if (row.amount <= 0 || row.reversedBy || !['gift', 'spend', 'redistribute'].includes(row.kind)) return null;
  return (
    <form method="post" action={`/credits/transfers/${row.transferId}/reverse`} class="inline-form">
      <input type="hidden" name="_csrf" value={csrf} />
      <button type="submit" class="secondary outline">
        {t('Give back')}
        <span class="visually-hidden"> {t('{amount} received on this line', { amount: formatCredits(row.amount) })}</span>
      </button>
    </form>
  );
}

export function CreditsOverview(p: OverviewProps) {
  return (
    <>
      <h1>{t('Your credits')}</h1>
      <p class="credit-balance">
        <strong>{t('You have {amount}.', { amount: formatCredits(p.balance) })}</strong> {t('One credit is one hour of volunteer support.')}
      </p>
      <p>
        {p.autoDonatePool
          ? t('Everything you earn goes straight to {pool}.', { pool: p.autoDonatePool })
          : t('You keep what you earn.')}{' '}
        <a href="/credits/auto-donate">{t('Change what happens to credits you earn')}</a>
      </p>
      <ul>
        <li><a href="/credits/spend">{t('Pay a volunteer for an extra')}</a></li>
        <li><a href="/credits/pools">{t('Pools')}</a></li>
        <li><a href="/credits/flows">{t('How credits flow across the co-op')}</a></li>
      </ul>

      <section aria-labelledby="give-title">
        <h2 id="give-title">{t('Give credits to someone')}</h2>
        <GiveForm state={p.give} people={p.people} balance={p.balance} prefix="give-" finder={p.giveFinder} />
      </section>
      <section aria-labelledby="donate-title">
        <h2 id="donate-title">{t('Donate to a pool')}</h2>
        <DonateForm state={p.donate} pools={p.pools} prefix="donate-" finder={p.donateFinder} />
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('Your history')}</h2>
        <StatementFilters action="/credits" state={p.filter} />
        <p>
          <a href={`/credits/statement.csv${filterQuery(p.filter.values)}`} download>
            {t('Download this history as a spreadsheet (CSV)')}
          </a>
        </p>
        <StatementTable
          rows={p.rows}
          next={p.next}
          tz={p.tz}
          caption={t('Your credits, newest first')}
          basePath="/credits"
          values={p.filter.values}
          action={(row) => <GiveBack row={row} csrf={p.csrf} />}
        />
      </section>
    </>
  );
}
