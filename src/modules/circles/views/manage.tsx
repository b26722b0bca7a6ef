import { t } from '../../../web/i18n.ts';
import { ChooserSearch, type ChooserSearchProps } from '../../../web/views/chooser.tsx';
import { Checkbox, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';

interface Option {
  id: string;
  name?: string;
  title?: string;
  circleId?: string;
}

export function NewCircleView({ state, parents, decisions, finder }: { state: FormState; parents: Option[]; decisions: Option[]; finder: ChooserSearchProps }) {
  const parentName = new Map(parents.map((p) => [p.id, p.name]));
  return (
    <>
      <h1>{t('Create a circle')}</h1>
      <p>{t("A circle below the top is created by its parent circle's consent: when the parent circle adopts a proposal whose mandate creates it, the circle is made then, citing that decision. Bring such a proposal from the parent circle's page. This form is for the co-op's admins, who set up the founding circles.")}</p>
      <ChooserSearch {...finder} />
      <Form action="/circles/new" state={state} submit={t('Create the circle')}>
        <Field name="name" label={t('Name')} state={state} />
        <Field name="aim" label={t('Aim: the effect the circle wants')} type="textarea" state={state} />
        <Field name="domain" label={t('Domain: what the circle owns and decides on')} type="textarea" state={state} />
        <Select name="parentId" label={t('Parent circle')} state={state} options={[{ value: '', label: t('None (top level)') }, ...parents.map((p) => ({ value: p.id, label: p.name ?? '' }))]} />
        <Select
          name="decisionId"
          label={t("The parent circle's decision that creates it")}
          state={state}
          options={[{ value: '', label: t('None') }, ...decisions.map((d) => ({ value: d.id, label: `${d.title} (${parentName.get(d.circleId ?? '') ?? ''})` }))]}
        />
      </Form>
    </>
  );
}

export function AddMemberView({ state, circle }: { state: FormState; circle: { id: string; name: string } }) {
  return (
    <>
      <h1>{t('Add a member to {circle}', { circle: circle.name })}</h1>
      <Form action={`/circles/${circle.id}/members`} state={state} submit={t('Add member')}>
        <Field name="email" label={t('Their email address')} type="email" state={state} />
        <Select
          name="participation"
          label={t('How they take part')}
          state={state}
          options={[
            { value: 'full', label: t('Full participant: consents and objects') },
            { value: 'learning', label: t('Learning participant') },
            { value: 'guest', label: t('Guest: opening and closing rounds only') },
          ]}
        />
      </Form>
    </>
  );
}

export function DefineHatView({ state, circle }: { state: FormState; circle: { id: string; name: string } }) {
  return (
    <>
      <h1>{t('Define a hat in {circle}', { circle: circle.name })}</h1>
      <p>{t('The definition is written in the circle\'s logbook. People are then chosen for the hat by consent, in a selection.')}</p>
      <Form action={`/circles/${circle.id}/hats/new`} state={state} submit={t('Define the hat')}>
        <Field name="name" label={t('Name of the hat')} state={state} />
        <Select name="kind" label={t('Kind')} state={state} options={[{ value: 'operational', label: t('Operational') }, { value: 'process', label: t('Circle process') }, { value: 'team', label: t('Team') }]} />
        <Field name="purpose" label={t('Purpose')} type="textarea" state={state} />
        <Field name="responsibilities" label={t('Responsibilities, one per line')} type="textarea" state={state} />
        <Field name="termMonths" label={t('Term in months')} type="number" state={state} />
        <Field name="reviewMonths" label={t('Review every (months)')} type="number" state={state} />
        <Checkbox name="requiresChecks" label={t('Needs checks and training (for example personal care)')} state={state} />
      </Form>
    </>
  );
}
