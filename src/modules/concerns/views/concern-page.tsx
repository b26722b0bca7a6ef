import { formatDate, formatDateTime } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { ErrorSummary, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import type { ConcernView } from '../load.ts';
import { concernStepsFrom, concernTable, stateLabel } from '../machine.ts';
import { Table } from '../../../web/views/table.tsx';

export type ConcernForm = 'step' | 'referral' | 'referral-outcome' | 'not-referred' | 'viewer';
export interface Option { value: string; label: string }

const stepName = (step: string): string => (step === 'raise' ? t('Raised') : t((concernTable as Record<string, { label: string }>)[step]?.label ?? step));

/** The people who have read this record, from the access log: shown to those who handle it. */
export function ReadersTable({ readers, tz, caption }: { readers: { at: Date; name: string | null; reason: string }[]; tz: string; caption: string }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr><th scope="col">{t('When')}</th><th scope="col">{t('Who')}</th><th scope="col">{t('Why they may see it')}</th></tr>
      </thead>
      <tbody>
        {readers.map((r, i) => (
          <tr key={i}><td>{formatDateTime(r.at, tz)}</td><td>{r.name ?? t('System')}</td><td>{t(r.reason)}</td></tr>
        ))}
      </tbody>
    </Table>
  );
}

export function ConcernPage({ view, forms, pageError, viewerOptions, tz }: { view: ConcernView; forms: Record<ConcernForm, FormState>; pageError?: string; viewerOptions: Option[]; tz: string }) {
  const { concern: c, team, steps, handler } = view;
  const open = c.state !== 'closed';
  const next = concernStepsFrom(c.state);
  const base = `/concerns/${c.id}`;
  return (
    <>
      {pageError ? <ErrorSummary errors={{ _form: pageError }} /> : null}
      <h1>{c.summary}</h1>
      <p>
        {t('Concern about {team}', { team: team.name })} · <strong>{t(stateLabel(c.state))}</strong>
        {c.safeguarding ? <> · <strong>{t('Safeguarding concern')}</strong></> : null}
      </p>
      <dl>
        <dt>{t('Raised by')}</dt>
        <dd>{t('{name} on {date}', { name: view.raisedByName, date: formatDate(c.createdAt, tz) })}</dd>
        {view.aboutName ? (<><dt>{t('About')}</dt><dd>{view.aboutName}</dd></>) : null}
        <dt>{t('What happened')}</dt>
        <dd class="prose">{c.details}</dd>
        {c.outcome ? (<><dt>{t('Outcome')}</dt><dd class="prose">{c.outcome}</dd></>) : null}
        {view.viewers.length ? (<><dt>{t('Also shared with')}</dt><dd>{view.viewers.map((v) => v.name).join(', ')}</dd></>) : null}
      </dl>
      {c.safeguarding ? (
        <section aria-labelledby="referral-title">
          <h2 id="referral-title">{t('Referral to the local authority')}</h2>
          {c.referralDate ? (
            <p>{t('Referred on {date} by {who}, reference {ref}.', { date: c.referralDate, who: c.referredBy ?? '', ref: c.referralReference ?? '' })}</p>
          ) : c.notReferredReason ? (
            <p>{t('Not referred, because {reason}', { reason: c.notReferredReason })}</p>
          ) : (
            <p>{t('No referral or decision not to refer is recorded yet. The concern cannot be closed until one is.')}</p>
          )}
          {c.referralOutcome ? <p>{t('Outcome of the referral: {outcome}', { outcome: c.referralOutcome })}</p> : null}
        </section>
      ) : null}
      <h2>{t('What has happened so far')}</h2>
      <ol>
        {steps.map((s) => (
          <li key={s.id}>
            <strong>{stepName(s.step)}</strong> · {formatDateTime(s.at, tz)} · {s.byName}
            <p class="prose">{s.note}</p>
          </li>
        ))}
      </ol>
      {handler && open && next.length > 0 ? (
        <section aria-labelledby="next-title">
          <h2 id="next-title">{t('What happens next')}</h2>
          <Form action={`${base}/steps`} state={forms.step} submit={t('Record this step')}>
            <Select name="step" label={t('Step')} state={forms.step} options={next.map((s) => ({ value: s, label: t(concernTable[s].label) }))} />
            <Field name="note" label={t('Note about this step')} type="textarea" state={forms.step} />
            {next.includes('record-outcome') ? <Field name="outcome" label={t('Outcome')} hint={t('Needed when you record the outcome')} type="textarea" state={forms.step} /> : null}
          </Form>
        </section>
      ) : null}
      {handler && open && c.safeguarding ? (
        <section aria-labelledby="refer-title">
          <h2 id="refer-title">{t('Record the referral')}</h2>
          {!c.referralDate ? (
            <Form action={`${base}/referral`} state={forms.referral} submit={t('Record the referral')}>
              <Field name="referralDate" label={t('Date referred')} type="date" state={forms.referral} />
              <Field name="referralReference" label={t("The local authority's reference")} state={forms.referral} />
              <Field name="referredBy" label={t('Who made the referral')} state={forms.referral} />
            </Form>
          ) : null}
          {c.referralDate && !c.referralOutcome ? (
            <Form action={`${base}/referral-outcome`} state={forms['referral-outcome']} submit={t('Record the outcome of the referral')}>
              <Field name="referralOutcome" label={t('What came of the referral')} type="textarea" state={forms['referral-outcome']} />
            </Form>
          ) : null}
          {!c.referralDate && !c.notReferredReason ? (
            <Form action={`${base}/not-referred`} state={forms['not-referred']} submit={t('Record the decision not to refer')}>
              <Field name="notReferredReason" label={t('Not referred, because')} type="textarea" state={forms['not-referred']} />
            </Form>
          ) : null}
        </section>
      ) : null}
      {handler && open && viewerOptions.length > 0 ? (
        <section aria-labelledby="share-title">
          <h2 id="share-title">{t('Let someone else see this concern')}</h2>
          <Form action={`${base}/viewers`} state={forms.viewer} submit={t('Let them see it')}>
            <Select name="personId" label={t('Person')} state={forms.viewer} options={viewerOptions} />
          </Form>
        </section>
      ) : null}
      {handler ? <ReadersTable readers={view.readers} tz={tz} caption={t('Who has read this concern')} /> : null}
    </>
  );
}
