import { t } from '../../../web/i18n.ts';
import { formatDate, formatDateTime } from '../../../web/format.ts';
import { ActionButton, Checkbox, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import type { membersRegisterPage, myMemberships, pendingWithdrawals } from '../queries.ts';
import type { shareRegisterPage } from '../commands/shares.ts';
import { Pager, pageHref } from '../../../web/views/pager.tsx';
import { Table } from '../../../web/views/table.tsx';

export const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;
const classLabel: Record<string, string> = { supported: 'Supported', advocate: 'Advocate', worker: 'Worker', investor: 'Investor' };

export function MyMembershipView({ mine, state, tz, secretary }: { mine: Awaited<ReturnType<typeof myMemberships>>; state: FormState; tz: string; secretary: boolean }) {
  const balance = mine.shares.reduce((s, m) => s + (m.kind === 'buy' ? m.amountPence : m.kind === 'withdrawn' ? -m.amountPence : 0), 0);
  return (
    <>
      <h1>{t('Your membership')}</h1>
      <p>
        <a href="/general-meetings">{t('General meetings')}</a>
        {secretary ? (
          <>
            {' '}
            · <a href="/membership/register">{t("Members' register")}</a> · <a href="/membership/shares">{t('Share register')}</a> ·{' '}
            <a href="/membership/settings">{t('Settings the members decide')}</a>
          </>
        ) : null}
      </p>
      {mine.rows.length === 0 ? <p>{t('You are not a member of the co-op yet. You can apply below.')}</p> : null}
      {mine.rows.map((m) => (
        <section key={m.id} aria-label={t(classLabel[m.memberClass] ?? m.memberClass)}>
          <h2>{t('{cls} member', { cls: t(classLabel[m.memberClass] ?? m.memberClass) })}: {t(m.state)}</h2>
          <ul>
            {mine.history.filter((h) => h.membershipId === m.id).map((h) => (
              <li key={h.id}>
                {formatDateTime(h.at, tz)}: {h.fromState ? `${t(h.fromState)} → ` : ''}
                {t(h.toState)}
                {h.reason ? ` (${h.reason})` : ''}
              </li>
            ))}
          </ul>
          {m.state !== 'left' && m.state !== 'removed' ? (
            <form method="post" action={`/memberships/${m.id}/change`} class="inline-form">
              <input type="hidden" name="_csrf" value={state.csrf} />
              <input type="hidden" name="step" value="leave" />
              <button type="submit" class="secondary outline">{t('Leave this membership')}</button>
            </form>
          ) : null}
        </section>
      ))}
      {mine.shares.length > 0 ? (
        <section aria-labelledby="shares-h">
          <h2 id="shares-h">{t('Your community shares: {amount}', { amount: pounds(balance) })}</h2>
          <Form action="/membership/withdrawals" state={state} submit={t('Ask to withdraw')}>
            <Field name="amountPounds" label={t('Amount to withdraw, in pounds')} hint={t('Withdrawals need the Secretary\'s approval.')} state={state} />
          </Form>
        </section>
      ) : null}
      <h2>{t('Apply to join')}</h2>
      <Form action="/membership" state={state} submit={t('Apply')}>
        <Select
          name="memberClass"
          label={t('Class of membership')}
          state={state}
          options={[
            { value: 'supported', label: t('Supported: I get support') },
            { value: 'advocate', label: t('Advocate: I act for someone who cannot be a member') },
            { value: 'worker', label: t('Worker: I give support, paid or as a volunteer') },
            { value: 'investor', label: t('Investor: I hold community shares') },
          ]}
        />
        <Field name="actingFor" label={t('Advocates: who do you act for?')} state={state} />
        <Select name="workerKind" label={t('Workers: paid or volunteer?')} state={state} options={[{ value: '', label: t('Not a worker') }, { value: 'paid', label: t('Paid') }, { value: 'volunteer', label: t('Volunteer') }]} />
        <Checkbox name="commitment" label={t("Workers: I agree to the Members' Commitment")} state={state} />
      </Form>
    </>
  );
}

export function RegisterView({ rows, prev, next, csrf, tz }: { rows: Awaited<ReturnType<typeof membersRegisterPage>>['rows']; prev: string | null; next: string | null; csrf: string; tz: string }) {
  return (
    <>
      <h1>{t("Members' register")}</h1>
      <p>
        <a href="/membership/register.csv">{t('Download as CSV')}</a> · <a href="/membership/shares">{t('Share register')}</a>
      </p>
      <Table caption={t('Every membership')} hideCaption>
        <thead>
          <tr>
            <th scope="col">{t('Name')}</th>
            <th scope="col">{t('Class')}</th>
            <th scope="col">{t('State')}</th>
            <th scope="col">{t('Applied')}</th>
            <th scope="col">{t('Admitted')}</th>
            <th scope="col">{t('Change')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td>{t(classLabel[r.memberClass] ?? r.memberClass)}{r.workerKind ? ` (${t(r.workerKind)})` : ''}{r.actingFor ? ` ${t('for')} ${r.actingFor}` : ''}</td>
              <td>{t(r.state)}</td>
              <td>{formatDate(r.appliedAt, tz)}</td>
              <td>{r.admittedAt ? formatDate(r.admittedAt, tz) : ''}</td>
              <td>
                <form method="post" action={`/memberships/${r.id}/change`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <label for={`step-${r.id}`}>
                    {t('Change for {name}', { name: r.name })}
                    <select id={`step-${r.id}`} name="step">
                      <option value="admit">{t('Admit (end probation)')}</option>
                      <option value="suspend">{t('Suspend')}</option>
                      <option value="reinstate">{t('Reinstate')}</option>
                      <option value="leave">{t('Record leaving')}</option>
                      <option value="remove">{t('Remove')}</option>
                    </select>
                  </label>
                  <label for={`reason-${r.id}`}>
                    {t('Reason')}
                    <input id={`reason-${r.id}`} name="reason" />
                  </label>
                  <label for={`elig-${r.id}`}>
                    <input id={`elig-${r.id}`} type="checkbox" name="eligibilityChecked" value="on" />
                    {t('Eligibility check done')}
                  </label>
                  <button type="submit" class="secondary">{t('Record')}</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Pager label={t('More of the register')} prev={prev ? pageHref('/membership/register', {}, { before: prev }) : null} next={next ? pageHref('/membership/register', {}, { after: next }) : null} prevText={t('Previous names')} nextText={t('Next names')} />
    </>
  );
}

export function SharesView({ register, pending, state }: { register: Awaited<ReturnType<typeof shareRegisterPage>>; pending: Awaited<ReturnType<typeof pendingWithdrawals>>; state: FormState }) {
  return (
    <>
      <h1>{t('Share register')}</h1>
      <p>
        {t('Total share capital: {total}.', { total: pounds(register.total) })}{' '}
        {register.total === register.movementsNet ? t('It reconciles to the sum of every movement.') : <strong>{t('It does not reconcile to the movements: investigate.')}</strong>}{' '}
        <a href="/membership/shares.csv">{t('Download as CSV')}</a>
      </p>
      <Table caption={t('Share capital by investor')} hideCaption>
        <thead>
          <tr>
            <th scope="col">{t('Investor')}</th>
            <th scope="col">{t('Bought')}</th>
            <th scope="col">{t('Withdrawn')}</th>
            <th scope="col">{t('Holding')}</th>
          </tr>
        </thead>
        <tbody>
          {register.holders.map((h) => (
            <tr key={h.personId}>
              <td>{h.name}</td>
              <td>{pounds(h.bought)}</td>
              <td>{pounds(h.withdrawn)}</td>
              <td>{pounds(h.balance)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Pager label={t('More investors')} prev={register.prev ? pageHref('/membership/shares', {}, { before: register.prev }) : null} next={register.next ? pageHref('/membership/shares', {}, { after: register.next }) : null} prevText={t('Previous names')} nextText={t('Next names')} />
      <h2>{t('Withdrawal requests')}</h2>
      {pending.length === 0 ? <p>{t('None waiting.')}</p> : null}
      <ul>
        {pending.map((p) => (
          <li key={p.id}>
            {p.name}: {pounds(p.amountPence)}{' '}
            {p.approved ? (
              <ActionButton action={`/membership/withdrawals/${p.id}/pay`} csrf={state.csrf} label={t('Mark as paid')} />
            ) : (
              <ActionButton action={`/membership/withdrawals/${p.id}/approve`} csrf={state.csrf} label={t('Approve')} />
            )}
          </li>
        ))}
      </ul>
      <h2>{t('Record a share purchase')}</h2>
      <Form action="/membership/shares" state={state} submit={t('Record purchase')}>
        <Field name="email" label={t("Investor's email address")} type="email" state={state} />
        <Field name="amountPounds" label={t('Amount received, in pounds')} state={state} />
      </Form>
    </>
  );
}
