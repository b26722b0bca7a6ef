import type { Actor } from '../../../platform/authz.ts';
import { t } from '../../../web/i18n.ts';
import { ErrorSummary, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import type { getLogbookEntry } from '../../circles/logbook-queries.ts';
import { SIGNERS_NEEDED } from './machine.ts';
import type { appeals } from './schema.ts';

const stateLabel: Record<string, string> = {
  gathering: 'Gathering signatures',
  circle_review: 'With the circle',
  panel_review: 'With the wider panel',
  dismissed: 'Dismissed: the decision stands',
  upheld: 'Upheld: the decision is retired',
  revised: 'The circle is revising the decision',
};

export function OpenAppealView({ state, entryId, title }: { state: FormState; entryId: string; title: string }) {
  return (
    <>
      <h1>{t('Appeal: {title}', { title })}</h1>
      <p>{t('An appeal needs three unrelated members of the co-op (no two in the same team). The circle looks at it first, then a wider panel including its delegates; each decides by the consent of all its members.')}</p>
      <Form action={`/logbook/${entryId}/appeal`} state={state} submit={t('Open the appeal')}>
        <Field name="grounds" label={t('Why should this decision be looked at again?')} type="textarea" state={state} />
      </Form>
    </>
  );
}

interface AppealViewProps {
  appeal: typeof appeals.$inferSelect;
  e: NonNullable<Awaited<ReturnType<typeof getLogbookEntry>>>;
  signers: { name: string; personId: string; reason: string }[];
  answers: { name: string; personId: string; answer: string; reason: string | null }[];
  /** Who decides at this stage now: every one of them must consent. */
  deciders: string[];
  actor: Actor;
  state: FormState;
}

const stepLabel: Record<string, string> = {
  'circle-dismiss': 'The circle dismisses it: the decision stands',
  'circle-revise': 'The circle will revise the decision',
  'to-panel': 'Pass it to the wider panel',
  'panel-dismiss': 'The panel dismisses it: the decision stands',
  'panel-uphold': 'The panel upholds it: the decision is retired',
};

export function AppealView({ appeal, e, signers, answers, deciders, actor, state }: AppealViewProps) {
  const base = `/appeals/${appeal.id}`;
  const signed = signers.some((s) => s.personId === actor.personId);
  const deciding = deciders.includes(actor.personId);
  const waitingFor = deciders.length - answers.filter((a) => a.answer === 'consent' && deciders.includes(a.personId)).length;
  const decideOptions =
    appeal.state === 'circle_review'
      ? ['circle-dismiss', 'circle-revise', 'to-panel'].map((value) => ({ value, label: t(stepLabel[value] ?? value) }))
      : ['panel-dismiss', 'panel-uphold'].map((value) => ({ value, label: t(stepLabel[value] ?? value) }));
  return (
    <>
      <ErrorSummary errors={state.errors} />
      <h1>{t('Appeal against: {title}', { title: e.entry.title })}</h1>
      <p>
        <a href={`/logbook/${e.entry.id}`}>{t('The decision in the logbook')}</a> · {e.circleName} · <strong>{t(stateLabel[appeal.state] ?? appeal.state)}</strong>
      </p>
      <h2>{t('Grounds')}</h2>
      <p class="prose">{appeal.grounds}</p>
      <h2>{t('Signed by ({n} of {needed})', { n: signers.length, needed: SIGNERS_NEEDED })}</h2>
      <ul>
        {signers.map((s) => (
          <li key={s.personId}>
            <strong>{s.name}</strong>: {s.reason}
          </li>
        ))}
      </ul>
      {appeal.state === 'gathering' && !signed ? (
        <Form action={`${base}/sign`} state={state} submit={t('Sign the appeal')}>
          <Field name="reason" label={t('Your reason for signing')} type="textarea" state={state} />
        </Form>
      ) : null}
      {appeal.outcomeNote ? (
        <>
          <h2>{t('Latest decision on the appeal')}</h2>
          <p class="prose">{appeal.outcomeNote}</p>
        </>
      ) : null}
      {appeal.state === 'circle_review' || appeal.state === 'panel_review' ? (
        <section aria-labelledby="decide-h">
          <h2 id="decide-h">{appeal.state === 'circle_review' ? t("The circle's decision") : t("The panel's decision")}</h2>
          <p>{t('Decided by consent: every one of the {n} members must consent to the outcome put; an objection needs its reason.', { n: deciders.length })}</p>
          {appeal.proposedStep ? (
            <>
              <p>
                <strong>{t('Put to them')}:</strong> {t(stepLabel[appeal.proposedStep] ?? appeal.proposedStep)}. {appeal.proposedNote}
              </p>
              <ul>
                {answers.map((a) => (
                  <li key={a.personId}>
                    {a.name}: {a.answer === 'consent' ? t('consents') : t('objects')}
                    {a.reason ? `: ${a.reason}` : ''}
                  </li>
                ))}
              </ul>
              <p>{t('Waiting for {n} more to consent.', { n: waitingFor })}</p>
              {deciding ? (
                <Form action={`${base}/answer`} state={state} submit={t('Give your answer')}>
                  <Select name="answer" label={t('Your answer')} state={state} options={[{ value: 'consent', label: t('I consent') }, { value: 'objection', label: t('I object') }]} />
                  <Field name="reason" label={t('Your reason (needed for an objection)')} type="textarea" state={state} />
                </Form>
              ) : null}
            </>
          ) : (
            <p>{t('No outcome has been put yet.')}</p>
          )}
          {deciding ? (
            <>
              <h3>{appeal.proposedStep ? t('Put a different outcome') : t('Put an outcome')}</h3>
              <Form action={`${base}/decide`} state={state} submit={t('Put it to the others')}>
                <Select name="step" label={t('What do you propose?')} state={state} options={decideOptions} />
                <Field name="note" label={t('What and why')} type="textarea" state={state} />
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
