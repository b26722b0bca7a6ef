import { formatDateTime } from '../../../../web/format.ts';
import { t } from '../../../../web/i18n.ts';
import { ActionButton, ErrorSummary, Field, Form, type FormState, Select } from '../../../../web/views/forms.tsx';
import type { CareLogView, LogAction } from '../queries.ts';
import { stateLabel } from '../machine.ts';
import { describeVersions } from './history.ts';
import { Table } from '../../../../web/views/table.tsx';

export type LogForm = Exclude<LogAction, 'confirm'>;
export const logForms: LogForm[] = ['adjust', 'dispute', 'resolve', 'correct'];

export const kindLabel = (kind: string): string => (kind === 'paid' ? t('Paid support') : t('Volunteering'));
export const duration = (minutes: number): string => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? t(h === 1 ? '{n} hour' : '{n} hours', { n: h }) : '', m ? t('{n} min', { n: m }) : ''].filter(Boolean).join(' ');
};
export const when = (start: Date, end: Date, tz: string): string => `${formatDateTime(start, tz)} – ${formatDateTime(end, tz)}`;

function Times({ form, state }: { form: LogForm; state: FormState }) {
  return (
    <>
      <Field name={`${form}-startsAt`} label={t('Started')} type="datetime-local" state={state} />
      <Field name={`${form}-endsAt`} label={t('Ended')} type="datetime-local" state={state} />
    </>
  );
}

export function CareLogPage({ view, forms, pageError, tz }: { view: CareLogView; forms: Record<LogForm, FormState> & { csrf: string }; pageError?: string; tz: string }) {
  const { log, names, actions } = view;
  const name = (id: string | null) => (id ? (names[id] ?? t('someone')) : t('the system'));
  const base = `/care-logs/${log.id}`;
  return (
    <>
      {pageError ? <ErrorSummary errors={{ _form: pageError }} /> : null}
      <h1>{t('Care log: {name}, {date}', { name: name(log.supporterId), date: formatDateTime(log.startsAt, tz) })}</h1>
      <p>
        <a href={`/teams/${view.team.id}/care-logs`}>{t('{team}: care logs', { team: view.team.name })}</a> · <strong>{t(stateLabel(log.state))}</strong>
      </p>
      {log.correctsId ? <p>{t('This log corrects a confirmed log.')} <a href={`/care-logs/${log.correctsId}`}>{t('See the log it corrects')}</a></p> : null}
      {view.corrections.length ? (
        <p>{t('This log has been corrected.')} {view.corrections.map((c, i) => <a key={c.id} href={`/care-logs/${c.id}`}>{t(i === 0 ? 'See the correction ({state})' : 'and another ({state})', { state: t(stateLabel(c.state)) })} </a>)}</p>
      ) : null}
      <dl>
        <dt>{t('Supporter')}</dt><dd>{name(log.supporterId)}</dd>
        <dt>{t('Kind')}</dt><dd>{kindLabel(log.kind)}</dd>
        <dt>{log.state === 'adjusted' ? t('Proposed times') : t('When')}</dt><dd>{when(log.startsAt, log.endsAt, tz)} ({duration(log.minutes)})</dd>
        <dt>{t('What the support was')}</dt><dd>{log.activity || t('Not said')}</dd>
        <dt>{t('Supporter confirmed')}</dt><dd>{log.supporterConfirmedAt ? formatDateTime(log.supporterConfirmedAt, tz) : t('Not yet')}</dd>
        <dt>{t("Owner's side confirmed")}</dt><dd>{log.ownerConfirmedAt ? t('{name}, {date}', { name: name(log.ownerConfirmedBy), date: formatDateTime(log.ownerConfirmedAt, tz) }) : t('Not yet')}</dd>
        {log.adjustReason ? (<><dt>{log.adjustedBy ? t('Why {name} changed the times', { name: name(log.adjustedBy) }) : t('Why it was corrected')}</dt><dd class="prose">{log.adjustReason}</dd></>) : null}
        {log.disputeReason ? (<><dt>{t('Why {name} disputed it', { name: name(log.disputedBy) })}</dt><dd class="prose">{log.disputeReason}</dd></>) : null}
        {log.resolution ? (<><dt>{log.resolvedBy ? t('Resolved by {name}', { name: name(log.resolvedBy) }) : t('Note')}</dt><dd class="prose">{log.resolution}</dd></>) : null}
      </dl>
      {actions.length ? (
        <section aria-labelledby="actions-title" class="no-print">
          <h2 id="actions-title">{t('What you can do')}</h2>
          {actions.includes('confirm') ? (
            <>
              <p>{log.state === 'adjusted' ? t('Agree to the proposed times.') : t('Confirm that this support happened as recorded.')}</p>
              <ActionButton action={`${base}/confirm`} csrf={forms.csrf} label={log.state === 'adjusted' ? t('Confirm the new times') : t('Confirm this log')} />
            </>
          ) : null}
          {actions.includes('adjust') ? (
            <>
              <h3>{t('Adjust the times')}</h3>
              <Form action={`${base}/adjust`} state={forms.adjust} submit={t('Propose these times')}>
                <Times form="adjust" state={forms.adjust} />
                <Field name="adjust-reason" label={t('Why the times need changing')} type="textarea" state={forms.adjust} />
              </Form>
            </>
          ) : null}
          {actions.includes('dispute') ? (
            <>
              <h3>{t('Dispute this log')}</h3>
              <p>{t("The team's coach or the Local Circle's leader will help settle it.")}</p>
              <Form action={`${base}/dispute`} state={forms.dispute} submit={t('Dispute this log')}>
                <Field name="dispute-reason" label={t('What is wrong with this log')} type="textarea" state={forms.dispute} />
              </Form>
            </>
          ) : null}
          {actions.includes('resolve') ? (
            <>
              <h3>{t('Resolve the dispute')}</h3>
              <Form action={`${base}/resolve`} state={forms.resolve} submit={t('Record the resolution')}>
                <Select name="resolve-outcome" label={t('Did the support happen?')} state={forms.resolve} options={[{ value: 'confirmed', label: t('Yes: confirm it with the agreed times') }, { value: 'void', label: t('No: make the log void') }]} />
                <Times form="resolve" state={forms.resolve} />
                <Field name="resolve-note" label={t('What was agreed')} type="textarea" state={forms.resolve} />
              </Form>
            </>
          ) : null}
          {actions.includes('correct') ? (
            <>
              <h3>{t('Correct this log')}</h3>
              <p>{t('A confirmed log never changes. A correction is a new log, linked to this one, that both sides confirm.')}</p>
              <Form action={`${base}/correct`} state={forms.correct} submit={t('Send the correction')}>
                <Times form="correct" state={forms.correct} />
                <Field name="correct-activity" label={t('What the support was')} state={forms.correct} />
                <Field name="correct-reason" label={t('What was wrong')} type="textarea" state={forms.correct} />
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
      <h2>{t('History')}</h2>
      <Table caption={t('Every change to this log, oldest first. Earlier times stay visible here.')}>
        <thead><tr><th scope="col">{t('When')}</th><th scope="col">{t('Who')}</th><th scope="col">{t('What changed')}</th></tr></thead>
        <tbody>
          {describeVersions(view.versions, tz, name).map((v) => (
            <tr key={v.seq}>
              <td>{formatDateTime(v.at, tz)}</td>
              <td>{v.who}</td>
              <td><ul class="plain-list">{v.changes.map((c, i) => <li key={i}>{c}</li>)}</ul></td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
