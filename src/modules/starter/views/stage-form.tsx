import { t } from '../../../web/i18n.ts';
import { Field, type FormState, Select } from '../../../web/views/forms.tsx';
import type { StageRecords } from '../records.ts';
import type { Stage } from '../schema.ts';
import { answerText, stageForms } from './stage-fields.ts';

/** The inputs of one stage's form, from its field list. */
export function StageInputs({ stage, state }: { stage: Stage; state: FormState }) {
  return (
    <>
      {stageForms[stage].fields.map((f) =>
        f.type === 'select' ? (
          <div key={f.name}>
            {f.hint ? <p class="hint">{t(f.hint)}</p> : null}
            <Select name={f.name} label={t(f.label)} state={state} options={(f.options ?? []).map((o) => ({ value: o.value, label: t(o.label) }))} />
          </div>
        ) : (
          <Field key={f.name} name={f.name} label={t(f.label)} type={f.type ?? 'text'} hint={f.hint ? t(f.hint) : undefined} state={state} />
        ),
      )}
    </>
  );
}

/** What a stage recorded, as a definition list anyone can read (and print). */
export function StageRecordList({ stage, records }: { stage: Stage; records: StageRecords }) {
  const record = records[stage] as Record<string, unknown> | undefined;
  if (!record) return null;
  return (
    <section aria-labelledby={`stage-${stage}`}>
      <h3 id={`stage-${stage}`}>{t(stageForms[stage].title)}</h3>
      <dl>
        {stageForms[stage].fields.map((f) => (
          <div key={f.name}>
            <dt>{t(f.label)}</dt>
            <dd class="prose">{t(answerText(f, record[f.name]))}</dd>
          </div>
        ))}
      </dl>
      <p class="hint">{t('Recorded on {date}', { date: String(record.savedAt ?? '').slice(0, 10) })}</p>
    </section>
  );
}
