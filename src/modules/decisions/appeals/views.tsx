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
      <p>{t('An appeal needs three unrelated members (no two in the same team). The circle looks at it first, then a wider panel including its delegates.')}</p>
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
  actor: Actor;
  state: FormState;
}

export function AppealView({ appeal, e, signers, actor, state }: AppealViewProps) {
  const base = `/appeals/${appeal.id}`;
  const signed = signers.some((s) => s.personId === actor.personId);
  const decideOptions =
    appeal.state === 'circle_review'
      ? [
          { value: 'circle-dismiss', label: t('The circle dismisses it: the decision stands') },
          { value: 'circle-revise', label: t('The circle will revise the decision') },
          { value: 'to-panel', label: t('Pass it to the wider panel') },
        ]
      : [
          { value: 'panel-dismiss', label: t('The panel dismisses it: the decision stands') },
          { value: 'panel-uphold', label: t('The panel upholds it: the decision is retired') },
        ];
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
          <h2 id="decide-h">{appeal.state === 'circle_review' ? t("Record the circle's decision") : t("Record the panel's decision")}</h2>
          <Form action={`${base}/decide`} state={state} submit={t('Record the decision')}>
            <Select name="step" label={t('What was decided')} state={state} options={decideOptions} />
            <Field name="note" label={t('What was decided and why')} type="textarea" state={state} />
          </Form>
        </section>
      ) : null}
    </>
  );
}
