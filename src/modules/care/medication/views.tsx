import { formatDate, formatDateTime } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { ActionButton, ErrorSummary, Field, Form, type FormState } from '../../../web/views/forms.tsx';
import { doseOutcomes } from '../schema.ts';
import type { MarView } from './chart.ts';
import { outcomeLabels } from './commands.ts';
import { addDays, localTime, zonedInstant } from './time.ts';
import { Table } from '../../../web/views/table.tsx';

/** A dose form sent back with a mistake: which dose, and what was wrong. */
export interface DoseFormError { medicineId: string; dueAt: string; values: Record<string, unknown>; errors: Record<string, string> }

type Dose = MarView['rows'][number]['doses'][number];

function stateText(d: Dose, tz: string): string {
  if (d.outcome) return t(outcomeLabels[d.outcome]);
  if (d.state === 'missed') return d.flaggedAt ? t('Not recorded: flagged as missed at {time}', { time: formatDateTime(d.flaggedAt, tz) }) : t('Not recorded: overdue');
  return d.state === 'due' ? t('Not recorded: due now') : t('Not recorded: not due yet');
}

/** Ids unique on the page, so the error summary can link to the very field. */
const doseKey = (medicineId: string, time: string, field: string) => `dose-${medicineId}-${time.replace(':', '')}-${field}`;

function DoseForm({ medicineId, name, d, csrf, error }: { medicineId: string; name: string; d: Dose; csrf: string; error?: DoseFormError }) {
  const ids = { outcome: `field-${doseKey(medicineId, d.time, 'outcome')}`, note: `field-${doseKey(medicineId, d.time, 'note')}` };
  const errors = error?.errors ?? {};
  const chosen = String(error?.values.outcome ?? '');
  const what = t('{name} at {time}', { name, time: d.time });
  return (
    <form method="post" action={`/medicines/${medicineId}/doses`} class="dose-form" novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="dueAt" value={d.dueAt.toISOString()} />
      {errors.dueAt ? <small class="field-error">{t('Error:')} {errors.dueAt}</small> : null}
      <label for={ids.outcome}>{t('What happened')}<span class="visually-hidden"> ({what})</span></label>
      {errors.outcome ? <small id={`${ids.outcome}-error`} class="field-error">{t('Error:')} {errors.outcome}</small> : null}
      <select id={ids.outcome} name="outcome" aria-invalid={errors.outcome ? 'true' : undefined} aria-describedby={errors.outcome ? `${ids.outcome}-error` : undefined}>
        <option value="" selected={chosen === ''}>{t('Choose')}</option>
        {doseOutcomes.map((o) => <option key={o} value={o} selected={chosen === o}>{t(outcomeLabels[o])}</option>)}
      </select>
      <label for={ids.note}>{t('Note (optional)')}<span class="visually-hidden"> ({what})</span>
        {errors.note ? <small id={`${ids.note}-error`} class="field-error">{t('Error:')} {errors.note}</small> : null}
        <input id={ids.note} name="note" type="text" value={String(error?.values.note ?? '')} aria-invalid={errors.note ? 'true' : undefined} aria-describedby={errors.note ? `${ids.note}-error` : undefined} />
      </label>
      <button type="submit">{t('Record')}<span class="visually-hidden"> ({what})</span></button>
    </form>
  );
}

export function MarPage({ view, tz, now, csrf, doseError, pageError }: { view: MarView; tz: string; now: Date; csrf: string; doseError?: DoseFormError; pageError?: string }) {
  const base = `/teams/${view.team.id}/mar`;
  const dayName = formatDate(zonedInstant(view.day, '12:00'), tz);
  const errorTime = doseError ? localTime(new Date(doseError.dueAt)) : '';
  const summary: Record<string, string> = {
    ...(pageError ? { _form: pageError } : {}),
    ...Object.fromEntries(Object.entries(doseError?.errors ?? {}).map(([field, m]) => [field === 'dueAt' ? '_form' : doseKey(doseError?.medicineId ?? '', errorTime, field), m])),
  };
  return (
    <>
      <ErrorSummary errors={summary} />
      <h1>{t('Medication record (MAR): {name}, {day}', { name: view.ownerName, day: dayName })}</h1>
      <p>{t("{team}. Times are UK time. Printed from Care Circles: what was recorded for each dose, by whom and when.", { team: view.team.name })}</p>
      <nav aria-label={t('Other days')} class="no-print">
        <ul class="plain-list">
          <li><a href={`${base}?date=${addDays(view.day, -1)}`}>{t('Previous day')}</a> · <a href={`${base}?date=${addDays(view.day, 1)}`}>{t('Next day')}</a> · <a href={`/teams/${view.team.id}/notes`}>{t('Care notes')}</a></li>
        </ul>
      </nav>
      <form method="get" action={base} class="no-print">
        <label for="field-date">{t('Show the MAR for')}</label>
        <input id="field-date" name="date" type="date" value={view.day} />
        <button type="submit">{t('Show')}</button>
      </form>
      {view.rows.length === 0 ? <p>{t('No medicines were on the record on this day.')}</p> : (
        <Table class="mar" caption={t('Doses due on {day}', { day: dayName })}>
          <thead>
            <tr><th scope="col">{t('Medicine and dose')}</th><th scope="col">{t('Due')}</th><th scope="col">{t('What happened')}</th><th scope="col">{t('Recorded by')}</th></tr>
          </thead>
          <tbody>
            {view.rows.flatMap(({ medicine: m, doses }) => doses.map((d, i) => {
              const error = doseError && doseError.medicineId === m.id && doseError.dueAt === d.dueAt.toISOString() ? doseError : undefined;
              const recordable = view.mayRecord && !d.outcome && d.dueAt.getTime() <= now.getTime() + 2 * 3_600_000;
              return (
                <tr key={`${m.id}-${d.time}`}>
                  {i === 0 ? (
                    <th scope="row" rowSpan={doses.length}>
                      {m.name}: {m.dose}
                      {m.instructions ? <><br /><small>{m.instructions}</small></> : null}
                      {m.stoppedAt ? <><br /><small>{t('Stopped {date}', { date: formatDateTime(m.stoppedAt, tz) })}</small></> : null}
                    </th>
                  ) : null}
                  <td>{d.time}</td>
                  <td>
                    <strong>{stateText(d, tz)}</strong>
                    {d.outcome && d.flaggedAt ? <> ({t('recorded after it was flagged as missed')})</> : null}
                    {d.note ? <><br />{d.note}</> : null}
                    {recordable ? <DoseForm medicineId={m.id} name={m.name} d={d} csrf={csrf} error={error} /> : null}
                  </td>
                  <td>{d.recordedByName ? t('{name} at {time}', { name: d.recordedByName, time: d.recordedAt ? formatDateTime(d.recordedAt, tz) : '' }) : ''}</td>
                </tr>
              );
            }))}
          </tbody>
        </Table>
      )}
      {view.mayManage ? (
        <section aria-labelledby="manage-title" class="no-print">
          <h2 id="manage-title">{t('Medicines')}</h2>
          <p><a href={`/teams/${view.team.id}/medicines/new`}>{t('Add a medicine')}</a></p>
          <ul class="plain-list">
            {view.rows.filter((r) => !r.medicine.stoppedAt).map(({ medicine: m }) => (
              <li key={m.id}>
                {m.name}: {m.dose} ({m.times.join(', ')}){' '}
                <ActionButton action={`/medicines/${m.id}/stop`} csrf={csrf} label={t('Stop {name} from now', { name: m.name })} secondary />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!view.mayRecord ? <p class="no-print">{t('Only paid workers in the team and the MAR Holder record doses. Volunteers never do.')}</p> : null}
      <p>{t('Your reading of this record was recorded ({reason}). Printed or read at {time}.', { reason: view.readReason, time: formatDateTime(now, tz) })}</p>
    </>
  );
}

export function AddMedicineForm({ state, teamId, teamName }: { state: FormState; teamId: string; teamName: string }) {
  return (
    <>
      <h1>{t('Add a medicine for {team}', { team: teamName })}</h1>
      <p>{t('Copy it from the prescription label. Doses then appear on the MAR at the times you give, every day from the first day.')}</p>
      <Form action={`/teams/${teamId}/medicines/new`} state={state} submit={t('Add the medicine')}>
        <Field name="name" label={t('Medicine')} hint={t('For example: Metformin')} state={state} />
        <Field name="dose" label={t('Dose')} hint={t('For example: 500 mg, one tablet')} state={state} />
        <Field name="instructions" label={t('Instructions (optional)')} hint={t('For example: with food')} type="textarea" state={state} />
        <Field name="times" label={t('Times each day (UK time)')} hint={t('24-hour clock, separated by commas: 08:00, 18:00')} state={state} />
        <Field name="startsOn" label={t('First day')} type="date" state={state} />
        <Field name="endsOn" label={t('Last day (optional)')} type="date" state={state} />
      </Form>
    </>
  );
}
