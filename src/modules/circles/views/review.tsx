import { t } from '../../../web/i18n.ts';
import { Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';

export function ReviewView({ state, entryId, title }: { state: FormState; entryId: string; title: string }) {
  return (
    <>
      <h1>{t('Review: {title}', { title })}</h1>
      <p>{t('A review is a proposal like any other: the circle consents to continue, amend or retire the entry.')}</p>
      <Form action={`/logbook/${entryId}/review`} state={state} submit={t('Save the review as a draft proposal')}>
        <Select
          name="outcome"
          label={t('What do you propose?')}
          state={state}
          options={[
            { value: 'continue', label: t('Continue it as it is') },
            { value: 'amend', label: t('Amend it (change the text below)') },
            { value: 'retire', label: t('Retire it') },
          ]}
        />
        <Field name="title" label={t('Title')} state={state} />
        <Field name="driver" label={t('Driver')} type="textarea" state={state} />
        <Field name="text" label={t('Text')} type="textarea" state={state} />
        <Field name="term" label={t('Term (optional)')} state={state} />
        <Field name="reviewDate" label={t('Next review date')} type="date" state={state} />
      </Form>
    </>
  );
}
