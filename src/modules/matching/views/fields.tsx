import { t } from '../../../web/i18n.ts';
import type { FormState } from '../../../web/views/forms.tsx';
import { dayParts, days } from '../validation.ts';
import { Table } from '../../../web/views/table.tsx';

/** What the form holds for a many-valued field: nothing, one string, or several. */
export const listValue = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null || v === '' ? [] : [String(v)]);

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <small id={`${id}-error`} class="field-error">
      {t('Error:')} {message}
    </small>
  ) : null;
}

/** A group of tick boxes with one legend; the error sits inside the group, beside its boxes. */
export function ChoiceGroup({ name, legend, hint, state, options }: { name: string; legend: string; hint?: string; state: FormState; options: readonly { value: string; label: string }[] }) {
  const chosen = listValue(state.values[name]);
  const id = `field-${name}`;
  const error = state.errors[name];
  return (
    <fieldset id={id} aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
      <legend>{legend}</legend>
      {hint ? <small id={`${id}-hint`} class="hint">{hint}</small> : null}
      <FieldError id={id} message={error} />
      {options.map((o) => (
        <label key={o.value} for={`${id}-${o.value}`}>
          <input id={`${id}-${o.value}`} type="checkbox" name={name} value={o.value} checked={chosen.includes(o.value)} />
          {t(o.label)}
        </label>
      ))}
    </fieldset>
  );
}

/** Radio buttons with a legend, for yes/no and either/or questions. */
export function RadioGroup({ name, legend, state, options }: { name: string; legend: string; state: FormState; options: readonly { value: string; label: string }[] }) {
  const id = `field-${name}`;
  const error = state.errors[name];
  const value = String(state.values[name] ?? '');
  return (
    <fieldset id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <FieldError id={id} message={error} />
      {options.map((o) => (
        <label key={o.value} for={`${id}-${o.value}`}>
          <input id={`${id}-${o.value}`} type="radio" name={name} value={o.value} checked={value === o.value} />
          {t(o.label)}
        </label>
      ))}
    </fieldset>
  );
}

/** Days down the side, parts of the day across the top; every box has its own spoken name. */
export function AvailabilityGrid({ state }: { state: FormState }) {
  const chosen = listValue(state.values.availability);
  const error = state.errors.availability;
  return (
    <fieldset id="field-availability" aria-describedby={error ? 'field-availability-error' : undefined}>
      <legend>{t('When are you usually free?')}</legend>
      <FieldError id="field-availability" message={error} />
      <Table class="availability" caption={t('When you are usually free')} hideCaption>
        <thead>
          <tr>
            <td />
            {dayParts.map((p) => <th key={p.value} scope="col">{t(p.label)}</th>)}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.value}>
              <th scope="row">{t(d.label)}</th>
              {dayParts.map((p) => {
                const slot = `${d.value}-${p.value}`;
                return (
                  <td key={slot}>
                    <input type="checkbox" name="availability" value={slot} checked={chosen.includes(slot)} aria-label={t('{day} {part}', { day: t(d.label), part: t(p.label).toLowerCase() })} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </Table>
    </fieldset>
  );
}
