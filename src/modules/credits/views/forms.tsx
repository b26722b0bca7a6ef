import { t } from '../../../web/i18n.ts';
import { Field as SharedField, Form, type FormState, Select as SharedSelect } from '../../../web/views/forms.tsx';
import { ChooserSearch, type ChooserSearchProps } from '../../../web/views/chooser.tsx';
import { formatCredits } from '../amounts.ts';
import { activities } from '../validation.ts';

export type Option = { value: string; label: string };

/**
 * The shared fields, with an id prefix when two forms with the same field names share a page
 * (the give and donate forms on /credits), so every label still points at its own input.
 */
function Field(props: Parameters<typeof SharedField>[0] & { prefix?: string }) {
  if (!props.prefix) return <SharedField {...props} />;
  const id = `${props.prefix}${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <label for={id}>
      {props.label}
      {props.hint ? <small id={hintId} class="hint">{props.hint}</small> : null}
      {props.type === 'textarea' ? (
        <textarea id={id} name={props.name} aria-describedby={hintId} />
      ) : (
        <input id={id} name={props.name} type="text" aria-describedby={hintId} />
      )}
    </label>
  );
}

function Select(props: Parameters<typeof SharedSelect>[0] & { prefix?: string }) {
  if (!props.prefix) return <SharedSelect {...props} />;
  const id = `${props.prefix}${props.name}`;
  return (
    <label for={id}>
      {props.label}
      <select id={id} name={props.name}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const choose = (label: string, options: Option[]): Option[] => [{ value: '', label }, ...options];

/** Our forms carry their own idempotency key, so pressing the button twice sends one transfer. */
function KeyField({ state }: { state: FormState }) {
  return <input type="hidden" name="idempotencyKey" value={String(state.values.idempotencyKey ?? '')} />;
}

const amountHint = () => t('In credits: one credit is one hour. For example 1, 1.5 or 0:20 for twenty minutes.');

/** A search for the person or pool (views/chooser.tsx), shown before the form whose select it fills. */
export type Finder = ChooserSearchProps;

export function GiveForm({ state, people, balance, prefix, finder }: { state: FormState; people: Option[]; balance: number; prefix?: string; finder: Finder }) {
  if (people.length === 0 && !finder.value) return <p>{t('You can give credits to people who share a circle or team with you. Once you join one, they will be listed here.')}</p>;
  return (
    <>
    <ChooserSearch {...finder} />
    <Form action="/credits/give" state={state} submit={t('Give credits')}>
      <KeyField state={state} />
      <Select name="toPersonId" label={t('Who would you like to give credits to?')} options={choose(t('Choose a person'), people)} state={state} prefix={prefix} />
      <Field name="amount" label={t('How many credits? (you have {balance})', { balance: formatCredits(balance) })} hint={amountHint()} state={state} prefix={prefix} />
      <Field name="message" label={t('A message to go with them (optional)')} type="textarea" state={state} prefix={prefix} />
    </Form>
    </>
  );
}

export function DonateForm({ state, pools, prefix, finder }: { state: FormState; pools: Option[]; prefix?: string; finder: Finder }) {
  if (pools.length === 0 && !finder.value) return <p>{t('There are no pools yet. A circle can open one.')}</p>;
  return (
    <>
    <ChooserSearch {...finder} />
    <Form action="/credits/donate" state={state} submit={t('Donate credits')}>
      <KeyField state={state} />
      <Select name="poolId" label={t('Which pool?')} options={choose(t('Choose a pool'), pools)} state={state} prefix={prefix} />
      <Field name="amount" label={t('How many credits?')} hint={amountHint()} state={state} prefix={prefix} />
      <Field name="message" label={t('A message (optional)')} type="textarea" state={state} prefix={prefix} />
    </Form>
    </>
  );
}

export function SpendForm({ state, people, finder }: { state: FormState; people: Option[]; finder: Finder }) {
  return (
    <>
      <h1>{t('Pay a volunteer for an extra')}</h1>
      <p>{t('Credits pay for extras such as walks, errands, company and dog walks. They never pay for personal care or medication: that is regulated care, given by a checked, trained worker.')}</p>
      <ChooserSearch {...finder} />
      <Form action="/credits/spend" state={state} submit={t('Pay in credits')}>
        <KeyField state={state} />
        <Select name="toPersonId" label={t('Which volunteer?')} options={choose(t('Choose a person'), people)} state={state} />
        <Select name="activity" label={t('What for?')} options={choose(t('Choose an extra'), activities.map((a) => ({ value: a.value, label: t(a.label) })))} state={state} />
        <Field name="amount" label={t('How many credits?')} hint={amountHint()} state={state} />
        <Field name="message" label={t('A message (optional)')} type="textarea" state={state} />
      </Form>
    </>
  );
}

export function AutoDonateForm({ state, pools, finder }: { state: FormState; pools: Option[]; finder: Finder }) {
  return (
    <>
      <h1>{t('Pass on what you earn')}</h1>
      <p>{t('Some volunteers donate everything they earn to a pool, as soon as they earn it. You can change this at any time; it does not move credits you already have.')}</p>
      <ChooserSearch {...finder} />
      <Form action="/credits/auto-donate" state={state} submit={t('Save')}>
        <Select name="poolId" label={t('When I earn credits')} options={[{ value: '', label: t('Keep them in my account') }, ...pools.map((p) => ({ value: p.value, label: t('Donate them all to {pool}', { pool: p.label }) }))]} state={state} />
      </Form>
    </>
  );
}

export function NewPoolForm({ state, circles, finder }: { state: FormState; circles: Option[]; finder: Finder }) {
  return (
    <>
      <h1>{t('Open a pool')}</h1>
      <p>{t('A pool is a common account that belongs to a circle. People donate to it; the circle pays out of it only as its logbook decisions allow.')}</p>
      <ChooserSearch {...finder} />
      <Form action="/credits/pools/new" state={state} submit={t('Open the pool')}>
        <Select name="circleId" label={t('Which circle does it belong to?')} options={choose(t('Choose a circle'), circles)} state={state} />
        <Field name="name" label={t('Name of the pool')} hint={t('For example: Welcome gifts')} state={state} />
      </Form>
    </>
  );
}

export function PayFromPoolForm({ state, poolId, people, allowances, finder }: { state: FormState; poolId: string; people: Option[]; allowances: Option[]; finder: Finder }) {
  if (allowances.length === 0) return <p>{t('No decision of the circle allows payments from this pool yet: bring a proposal whose mandate allows them.')}</p>;
  return (
    <>
    <ChooserSearch {...finder} />
    <Form action={`/credits/pools/${poolId}/pay`} state={state} submit={t('Pay from the pool')}>
      <KeyField state={state} />
      <Select name="logbookEntryId" label={t('Which decision allows this payment?')} options={choose(t('Choose a decision'), allowances)} state={state} />
      <Select name="toPersonId" label={t('Who receives the credits?')} options={choose(t('Choose a person'), people)} state={state} />
      <Field name="amount" label={t('How many credits?')} hint={amountHint()} state={state} />
      <Field name="message" label={t('A message (optional)')} type="textarea" state={state} />
    </Form>
    </>
  );
}
