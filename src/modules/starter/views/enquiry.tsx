import { t } from '../../../web/i18n.ts';
import { Field, Form, type FormState } from '../../../web/views/forms.tsx';
import { finished, isStage, stageNumber, starterSteps, stateLabel } from '../machine.ts';
import type { EnquiryPage } from '../queries.ts';
import { stages } from '../schema.ts';
import { stageForms } from './stage-fields.ts';
import { StageInputs, StageRecordList } from './stage-form.tsx';

export type EnquiryForm = 'stage' | 'check-in' | 'person' | 'start-team' | 'move';
export type EnquiryForms = Record<EnquiryForm, FormState>;

/** The enquiry: everything recorded so far, then what can be done next. */
export function EnquiryView({ page, forms, problem }: { page: EnquiryPage; forms: EnquiryForms; problem?: string }) {
  const { enquiry, circle, person, team } = page;
  const forName = enquiry.records.first_contact?.forName ?? '';
  const csrf = forms.move.csrf;
  const open = !finished.includes(enquiry.state);
  return (
    <>
      <p class="no-print">
        {page.canRun ? <a href={`/circles/${circle.id}/board`}>{t('Back to the {circle} board', { circle: circle.name })}</a> : <a href="/starter">{t('Back to starting teams')}</a>}
      </p>
      <h1>{t('Enquiry: support for {name}', { name: forName })}</h1>
      {problem ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>{t('That cannot be done now')}</h2>
          <p>{problem}</p>
        </div>
      ) : null}
      <dl>
        <dt>{t('Local Circle')}</dt>
        <dd>{circle.name}</dd>
        <dt>{t('Where it is')}</dt>
        <dd>{t(stateLabel(enquiry.state))}</dd>
        <dt>{t('Next check-in')}</dt>
        <dd>{enquiry.nextCheckIn}{page.checkInDue ? ` (${t('due')})` : ''}</dd>
        <dt>{t('Person getting support')}</dt>
        <dd>{person ? person.name : t('Not linked to a person in the co-op yet')}</dd>
        <dt>{t('Team')}</dt>
        <dd>{team ? <a href={`/teams/${team.id}`}>{team.name}</a> : t('Not started yet')}{team?.selfManagingAt ? ` (${t('self-managing')})` : ''}</dd>
      </dl>

      <h2>{t('What has been recorded')}</h2>
      {stages.map((s) => <StageRecordList key={s} stage={s} records={enquiry.records} />)}

      {page.canRun && isStage(enquiry.state) ? (
        <section aria-labelledby="current-stage">
          <h2 id="current-stage">{t('Record stage {n}: {title}', { n: stageNumber(enquiry.state), title: t(stageForms[enquiry.state].title.replace(/^\d\. /, '')) })}</h2>
          <p>{t(stageForms[enquiry.state].intro)}</p>
          <Form action={`/enquiries/${enquiry.id}/stage`} state={forms.stage} submit={t('Save stage {n}', { n: stageNumber(enquiry.state) })}>
            <StageInputs stage={enquiry.state} state={forms.stage} />
          </Form>
        </section>
      ) : null}

      {page.canRun && page.steps.length > 0 ? (
        <section aria-labelledby="next-steps" class="no-print">
          <h2 id="next-steps">{t('Move the enquiry')}</h2>
          <ul class="plain-list">
            {page.steps.map((step) => (
              <li key={step}>
                <form method="post" action={`/enquiries/${enquiry.id}/move`} class="inline-form">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="step" value={step} />
                  <button type="submit" class={['hold', 'waitlist', 'signpost', 'end'].includes(step) ? 'secondary outline' : undefined}>{t(starterSteps[step].label)}</button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {page.canRun && open ? (
        <section aria-labelledby="check-in">
          <h2 id="check-in">{t('Next check-in')}</h2>
          <Form action={`/enquiries/${enquiry.id}/check-in`} state={forms['check-in']} submit={t('Set the check-in date')}>
            <Field name="nextCheckIn" label={t('Next check-in date')} type="date" hint={t('The Team Starters are reminded on the day.')} state={forms['check-in']} />
          </Form>
        </section>
      ) : null}

      {page.canRun && open && !team ? (
        <section aria-labelledby="link-person">
          <h2 id="link-person">{person ? t('Change the person getting support') : t('Link the person getting support')}</h2>
          <p>
            {t('Once linked, they can read this enquiry themselves, and they will own the team. If they have no account yet,')}{' '}
            {page.canInvite ? <><a href="/invitations">{t('invite them first')}</a>.</> : t("ask the co-op's office to invite them first.")}
          </p>
          <Form action={`/enquiries/${enquiry.id}/person`} state={forms.person} submit={t('Link this person')}>
            <Field name="email" label={t('Their email address in the co-op')} type="email" state={forms.person} />
          </Form>
        </section>
      ) : null}

      {page.isTeamStarter && enquiry.state === 'profiles' && !team ? (
        <section aria-labelledby="start-team">
          <h2 id="start-team">{t('Start the team')}</h2>
          {person ? (
            <Form action={`/enquiries/${enquiry.id}/start-team`} state={forms['start-team']} submit={t('Start the team')}>
              <p>{t('The team is a circle under {circle}, owned by {name}. You and {name} become its first members.', { circle: circle.name, name: person.name })}</p>
              <Field name="name" label={t('Name of the team')} hint={t("Leave empty for the owner's first name and \"'s Team\".")} state={forms['start-team']} />
              <Field name="aim" label={t('Aim of the team')} type="textarea" hint={t('In their words, if they have chosen some.')} state={forms['start-team']} />
              <Field name="advocateEmail" label={t('Email address of their advocate, if they have one')} type="email" state={forms['start-team']} />
            </Form>
          ) : (
            <p>{t('Link the person getting support first: they will own the team.')}</p>
          )}
        </section>
      ) : null}
    </>
  );
}
