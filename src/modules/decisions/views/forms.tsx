import { t } from '../../../web/i18n.ts';
import { Checkbox, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import { effectKindSpecs, effectLabels } from '../mandates/kinds.ts';
import type { EffectKind } from '../mandates/schema.ts';

function TextFields({ state }: { state: FormState }) {
  return (
    <>
      <Field name="title" label={t('Title')} state={state} />
      <Field name="driver" label={t('Driver: what need or problem is this about?')} type="textarea" state={state} />
      <Field name="text" label={t('Proposal')} type="textarea" state={state} />
      <Field name="term" label={t('Term (optional)')} hint={t('For example: safe enough to try for 3 months.')} state={state} />
      <Field name="reviewDate" label={t('Review date')} type="date" state={state} />
    </>
  );
}

export function NewProposalView({ state, circle }: { state: FormState; circle: { id: string; name: string } }) {
  return (
    <>
      <h1>{t('New proposal for {circle}', { circle: circle.name })}</h1>
      <Form action={`/circles/${circle.id}/proposals/new`} state={state} submit={t('Save as draft')}>
        <TextFields state={state} />
        <Select
          name="outcomeKind"
          label={t('When adopted, it becomes')}
          state={state}
          options={[
            { value: 'decision', label: t('A decision') },
            { value: 'policy', label: t('A policy') },
            { value: 'aim', label: t("The circle's new aim") },
            { value: 'domain', label: t("The circle's new domain") },
          ]}
        />
        <Select
          name="effectKind"
          label={t('What will it authorise? (you fill in the details next, and can add more effects to the draft)')}
          state={state}
          options={[
            { value: '', label: t('Nothing beyond itself: a plain decision or policy') },
            ...(Object.keys(effectKindSpecs) as EffectKind[]).map((k) => ({ value: k, label: t(effectLabels[k]) })),
          ]}
        />
        <fieldset>
          <legend>{t('Domain check')}</legend>
          <Checkbox name="inDomain" label={t("This is within the circle's domain")} state={state} />
          <Checkbox name="isMajor" label={t('This is a major decision')} state={state} />
          <Checkbox name="needsResolution" label={t("A long-term decision: after consent it needs a members' resolution at a general meeting")} state={state} />
          <Field name="domainNote" label={t('Notes on the domain check (optional)')} type="textarea" state={state} />
        </fieldset>
      </Form>
    </>
  );
}

export function AmendView({ state, id }: { state: FormState; id: string }) {
  return (
    <>
      <h1>{t('Amend the proposal')}</h1>
      <p>{t('Your amendment becomes a new version; every earlier version stays visible.')}</p>
      <Form action={`/proposals/${id}/amend`} state={state} submit={t('Save the new version')}>
        <TextFields state={state} />
        <Field name="reason" label={t('Why this amendment? (for example, which objection it resolves)')} type="textarea" state={state} />
      </Form>
    </>
  );
}
