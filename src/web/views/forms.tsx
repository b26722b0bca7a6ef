import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../platform/errors.ts';
import { t } from '../i18n.ts';

export type Values = Record<string, unknown>;

export interface FormState {
  values: Values;
  errors: FieldErrors;
  csrf: string;
}

export const emptyForm = (csrf: string, values: Values = {}): FormState => ({
  values,
  errors: {},
  csrf,
});

/** The GOV.UK-style error summary: listed at the top, each linking to its field. */
export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t('There is a problem')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${field === '_form' ? 'main' : `field-${field}`}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Form({
  action,
  state,
  submit,
  children,
}: {
  action: string;
  state: FormState;
  submit: string;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={action} novalidate>
      <ErrorSummary errors={state.errors} />
      <input type="hidden" name="_csrf" value={state.csrf} />
      {children}
      <button type="submit">{submit}</button>
    </form>
  );
}

interface FieldProps {
  name: string;
  label: string;
  state: FormState;
  type?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
}

export function Field({ name, label, state, type = 'text', hint, autocomplete, required }: FieldProps) {
  const error = state.errors[name];
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const value = type === 'password' ? '' : String(state.values[name] ?? '');
  return (
    <label for={id}>
      {label}
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={`${id}-error`} class="field-error">
          {t('Error:')} {error}
        </small>
      ) : null}
      {type === 'textarea' ? (
        <textarea id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy || undefined}>
          {value}
        </textarea>
      ) : (
        <input
          id={id}
          name={name}
          type={type as "text"}
          value={value}
          autocomplete={autocomplete}
          required={required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy || undefined}
        />
      )}
    </label>
  );
}

export function Select({
  name,
  label,
  state,
  options,
}: {
  name: string;
  label: string;
  state: FormState;
  options: readonly { value: string; label: string }[];
}) {
  const error = state.errors[name];
  const id = `field-${name}`;
  // The select sits beside its label, not inside it: inside, browsers add the chosen option
  // to its accessible name ("Hat Check-in Facilitator"), so screen readers say it twice.
  return (
    <div class="select-field">
      <label for={id}>{label}</label>
      {error ? (
        <small id={`${id}-error`} class="field-error">
          {t('Error:')} {error}
        </small>
      ) : null}
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={String(state.values[name] ?? '') === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox({ name, label, state }: { name: string; label: string; state: FormState }) {
  const id = `field-${name}`;
  const checked = ['on', 'true', true].includes(state.values[name] as string | boolean);
  const error = state.errors[name];
  return (
    <label for={id}>
      {error ? (
        <small id={`${id}-error`} class="field-error">
          {t('Error:')} {error}
        </small>
      ) : null}
      <input id={id} type="checkbox" name={name} value="on" checked={checked} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {label}
    </label>
  );
}

/** A one-button form for actions such as "revoke": POST with the CSRF token, no script. */
export function ActionButton({
  action,
  csrf,
  label,
  secondary,
  fields = {},
}: {
  action: string;
  csrf: string;
  label: string;
  secondary?: boolean;
  /** Hidden values the action needs (e.g. which step to take). */
  fields?: Record<string, string>;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <input type="hidden" name="_csrf" value={csrf} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={secondary ? 'secondary outline' : undefined}>
        {label}
      </button>
    </form>
  );
}
