import { t } from '../../../web/i18n.ts';
import { ChooserSearch, type ChooserSearchProps } from '../../../web/views/chooser.tsx';
import { ActionButton, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import { settingValues } from '../../membership/commands/settings.ts';
import { effectKindSpecs, effectLabels, payerRoles, recipientModes } from './kinds.ts';
import type { EffectView } from './queries.ts';
import type { EffectKind } from './schema.ts';

type Option = { value: string; label: string };

/**
 * What a proposal or decision authorises: each effect with its terms and, once adopted, how
 * it stands (applied; for an allowance, how much of it is used). With `change`, the author or
 * facilitator may add and remove effects while the proposal may still be amended.
 */
export function MandateSection({ effects, change, csrf, adopted }: { effects: EffectView[]; change?: { base: string; needsReason: boolean }; csrf: string; adopted: boolean }) {
  return (
    <section aria-labelledby="mandate-h">
      <h2 id="mandate-h">{t('What it authorises (mandate)')}</h2>
      {effects.length === 0 ? (
        <p>{adopted ? t('This decision states no effects: it is a plain decision or policy and authorises nothing else.') : t('No effects yet: as it stands this is a plain decision or policy, and it authorises nothing else.')}</p>
      ) : (
        <ol>
          {effects.map((e) => (
            <li key={e.effect.id}>
              <strong>{t(e.label)}</strong>
              <ul>
                {e.terms.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              {e.standing ? <p><em>{t(e.standing)}</em>{e.link ? <> · <a href={e.link.href}>{e.link.text}</a></> : null}</p> : null}
              {change && !change.needsReason ? <ActionButton action={`${change.base}/effects/${e.effect.id}/remove`} csrf={csrf} label={t('Remove this effect')} secondary /> : null}
              {change && change.needsReason ? <p><a href={`${change.base}/effects/${e.effect.id}/remove`}>{t('Remove this effect (an amendment)')}</a></p> : null}
            </li>
          ))}
        </ol>
      )}
      {change ? <p><a href={`${change.base}/effects/new`}>{t('Add an effect')}</a></p> : null}
    </section>
  );
}

function MultiSelect({ name, label, hint, state, options }: { name: string; label: string; hint: string; state: FormState; options: Option[] }) {
  const id = `field-${name}`;
  const error = state.errors[name];
  const raw = state.values[name];
  const chosen = new Set(Array.isArray(raw) ? raw.map(String) : raw ? [String(raw)] : []);
  return (
    <div class="select-field">
      <label for={id}>{label}</label>
      <small id={`${id}-hint`} class="hint">{hint}</small>
      {error ? <small id={`${id}-error`} class="field-error">{t('Error:')} {error}</small> : null}
      <select id={id} name={name} multiple size={Math.min(8, Math.max(3, options.length))} aria-invalid={error ? 'true' : undefined} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={chosen.has(o.value)}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

export interface EffectFormProps {
  base: string;
  kind: EffectKind | null;
  state: FormState;
  needsReason: boolean;
  choices: { pools: Option[]; applications: Option[]; people: Option[]; surveySets: Option[]; surveyPlaces: Option[] };
  /** The search for the people an effect names, shown before the form whose selects it fills. */
  finder: ChooserSearchProps;
}

/**
 * Adding an effect without JavaScript: first choose its kind (a GET form that reloads this page
 * with that kind's fields), then fill in the fields and submit. One effect per submission.
 */
export function EffectForm({ base, kind, state, needsReason, choices, finder }: EffectFormProps) {
  const kinds = Object.keys(effectKindSpecs) as EffectKind[];
  const field = (name: string, label: string, type = 'text', hint?: string) => <Field key={name} name={name} label={t(label)} state={state} type={type} {...(hint ? { hint: t(hint) } : {})} />;
  const pick = (name: string, label: string, options: Option[]) => <Select key={name} name={name} label={t(label)} state={state} options={[{ value: '', label: t('Choose…') }, ...options]} />;
  const fields: Record<EffectKind, preact.JSX.Element[]> = {
    create_circle: [field('name', 'Name of the new circle'), field('aim', 'Its aim (the effect it wants)', 'textarea'), field('domain', 'Its domain (what it owns and decides on)', 'textarea')],
    change_aim: [field('aim', 'The new aim', 'textarea')],
    change_domain: [field('domain', 'The new domain', 'textarea')],
    set_silence_policy: [pick('silenceIsConsent', 'At an online deadline, silence', [{ value: 'on', label: t('counts as consent') }, { value: 'off', label: t('does not count as consent') }])],
    change_setting: [pick('key', 'Setting', Object.keys(settingValues).map((k) => ({ value: k, label: k }))), field('value', 'New value')],
    admit_member: [pick('membershipId', 'Application', choices.applications)],
    allow_pool_payments: [
      pick('poolId', 'Pool', choices.pools),
      field('purpose', 'What the payments are for', 'text', 'For example: a welcome gift for each new supported member'),
      pick('recipients', 'Who may receive payments', recipientModes.map((m) => ({ value: m, label: { named: t('Only the people named below'), circle: t("Members of the pool's circle, and anyone named below"), members: t('Any member of the co-op, and anyone named below') }[m] }))),
      <MultiSelect key="recipientIds" name="recipientIds" label={t('People named as recipients')} hint={t('Nobody pays the pool to themselves unless they are named here.')} state={state} options={choices.people} />,
      field('perPaymentLimit', 'Most credits in one payment', 'text', 'In credits (hours), like 5 or 1.5'),
      field('totalLimit', 'Most credits in all', 'text', 'In credits (hours), like 50'),
      pick('payerRole', 'Who may pay out, by hat (optional)', payerRoles.map((r) => ({ value: r, label: r.replace('-', ' ') }))),
      <MultiSelect key="payerIds" name="payerIds" label={t('People who may pay out (optional)')} hint={t('With neither a hat nor people, any full participant of the circle may pay out.')} state={state} options={choices.people} />,
    ],
    run_survey_round: [
      field('title', 'Name of the round', 'text', 'For example: Spring 2027'),
      pick('setId', 'Statements', choices.surveySets),
      <Select key="audienceCircleId" name="audienceCircleId" label={t('Who is asked')} state={state} options={[{ value: '', label: t('Everyone in the co-op') }, ...choices.surveyPlaces.map((p) => ({ value: p.value, label: t('The people of {circle} and its teams', { circle: p.label }) }))]} />,
      field('opensOn', 'Opens on', 'date'),
      field('closesOn', 'Closes on (the last day to answer)', 'date'),
    ],
  };
  return (
    <>
      <form method="get" action={`${base}/effects/new`} class="inline-form">
        <Select name="kind" label={t('What should the decision do?')} state={{ ...state, values: { kind: kind ?? '' } }} options={[{ value: '', label: t('Choose…') }, ...kinds.map((k) => ({ value: k, label: t(effectLabels[k]) }))]} />
        <button type="submit" class="secondary">{t('Show its fields')}</button>
      </form>
      {kind === 'allow_pool_payments' ? <ChooserSearch {...finder} /> : null}
      {kind ? (
        <Form action={`${base}/effects/new?kind=${kind}`} state={state} submit={t('Add this effect')}>
          <input type="hidden" name="kind" value={kind} />
          <h2>{t(effectLabels[kind])}</h2>
          {fields[kind]}
          {needsReason ? field('reason', 'Why this amendment?', 'textarea', 'Once presented, changing what a proposal authorises makes a new version.') : null}
        </Form>
      ) : null}
    </>
  );
}
