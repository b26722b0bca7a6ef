import { t } from '../../../web/i18n.ts';
import { ErrorSummary, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import type { MemberRow } from '../queries.ts';
import { canTakeSelection } from './machine.ts';
import type { selectionView } from './queries.ts';

const stageLabel: Record<string, string> = {
  nominating: 'Silent written nominations',
  nomination_round: 'Nomination round: each says who and why',
  change_round: 'Change round',
  proposed: 'Candidate proposed',
  consent_round: 'Consent round',
  objections: 'Resolving objections',
  appointed: 'Appointed',
  cancelled: 'Cancelled',
};

interface Props {
  v: NonNullable<Awaited<ReturnType<typeof selectionView>>>;
  members: MemberRow[];
  isFacilitator: boolean;
  viewerId: string;
  state: FormState;
  /** The deciding circle's open meetings, where the facilitator may record others' answers. */
  openMeetings?: { id: string; label: string }[];
}

export function SelectionView({ v, members, isFacilitator, viewerId, state, openMeetings = [] }: Props) {
  const s = v.selection;
  const base = `/selections/${s.id}`;
  const me = members.find((m) => m.personId === viewerId);
  const people = members.map((m) => ({ value: m.personId, label: m.name }));
  const full = members.filter((m) => m.participation === 'full');
  const step = (name: string, label: string) => (
    <form method="post" action={`${base}/step`} class="inline-form" key={name}>
      <input type="hidden" name="_csrf" value={state.csrf} />
      <input type="hidden" name="step" value={name} />
      <button type="submit">{label}</button>
    </form>
  );
  return (
    <>
      <ErrorSummary errors={state.errors} />
      <p>
        <a href={`/circles/${s.circleId}`}>{v.circle?.name}</a> · {t('Selection')}
      </p>
      <h1>{t('Selecting the {hat}', { hat: v.hat?.name ?? '' })}</h1>
      <p>
        <strong>{t('Stage')}:</strong> {t(stageLabel[s.state] ?? s.state)}
        {v.candidateName ? ` · ${t('Proposed')}: ${v.candidateName}, ${t('from')} ${s.termStart}` : ''}
      </p>
      <h2>{t('The hat')}</h2>
      <p>{v.hat?.purpose}</p>
      <p>{t('Term: {n} months. Review every {r} months.', { n: v.hat?.termMonths ?? 0, r: v.hat?.reviewMonths ?? 0 })}</p>
      <h2>{t('Nominations')}</h2>
      {s.state === 'nominating' ? (
        <p>{t('{n} written nominations so far. They stay hidden until the nomination round.', { n: v.nominationCount })}</p>
      ) : (
        <ul>
          {v.nominations.map((n) => (
            <li key={n.id}>
              <strong>{n.nominator}</strong> {t('nominates')} <strong>{n.nominee}</strong>: {n.reason}
              {n.changeReason ? ` (${t('changed')}: ${n.changeReason})` : ''}
            </li>
          ))}
        </ul>
      )}
      {canTakeSelection('nominate', s.state) && me && me.participation !== 'guest' ? (
        <Form action={`${base}/nominations`} state={state} submit={v.myNomination ? t('Change my nomination') : t('Nominate')}>
          <Select name="nomineeId" label={t('Who do you nominate? (you may nominate yourself)')} state={state} options={people} />
          <Field name="reason" label={t('Why?')} type="textarea" state={state} />
          {s.state === 'change_round' ? <Field name="changeReason" label={t('Why are you changing it?')} type="textarea" state={state} /> : null}
        </Form>
      ) : null}
      {s.round > 0 ? (
        <>
          <h2>{t('Consent round {n}', { n: s.round })}</h2>
          <ul>
            {full.map((m) => {
              const r = v.responses.find((x) => x.personId === m.personId);
              return (
                <li key={m.personId}>
                  {m.name}: {!r ? t('not answered yet') : r.response === 'consent' ? t('consent') : `${t('objection')}: ${r.reason}`}
                  {r?.concern ? ` (${t('concern')}: ${r.concern})` : ''}
                  {r && r.recordedBy !== r.personId ? ` · ${r.disputedAt ? t('recorded by {name}, disputed: not counted', { name: r.recordedByName ?? '' }) : t('recorded by {name} at the meeting', { name: r.recordedByName ?? '' })}` : ''}
                </li>
              );
            })}
          </ul>
          {v.responses.some((r) => r.personId === viewerId && r.recordedBy !== viewerId && !r.disputedAt) && canTakeSelection('reopen', s.state) ? (
            <form method="post" action={`${base}/dispute-response`} class="inline-form">
              <input type="hidden" name="_csrf" value={state.csrf} />
              <button type="submit" class="secondary">{t('This is not my answer: dispute it')}</button>
            </form>
          ) : null}
          {s.state === 'consent_round' && (me?.participation === 'full' || (isFacilitator && openMeetings.length > 0)) ? (
            <Form action={`${base}/responses`} state={state} submit={t('Record answer')}>
              {isFacilitator && openMeetings.length > 0 ? (
                <>
                  <Select name="meetingId" label={t('At the meeting (to record the answer of someone present)')} state={state} options={[{ value: '', label: t('Not at a meeting: my own answer') }, ...openMeetings.map((m) => ({ value: m.id, label: m.label }))]} />
                  <Select name="personId" label={t('Whose answer')} state={state} options={[{ value: viewerId, label: t('Mine') }, ...full.filter((m) => m.personId !== viewerId).map((m) => ({ value: m.personId, label: m.name }))]} />
                </>
              ) : null}
              <Select name="response" label={t('Answer')} state={state} options={[{ value: 'consent', label: t('Consent') }, { value: 'objection', label: t('Objection') }]} />
              <Field name="concern" label={t('A concern, with a consent (optional)')} type="textarea" state={state} />
              <Field name="reason" label={t('Reason, with an objection')} type="textarea" state={state} />
            </Form>
          ) : null}
        </>
      ) : null}
      {isFacilitator ? (
        <section aria-labelledby="fac-h">
          <h2 id="fac-h">{t('Facilitate')}</h2>
          <p>
            {canTakeSelection('open-nomination-round', s.state) ? step('open-nomination-round', t('Open the nomination round')) : null}
            {canTakeSelection('open-change-round', s.state) ? step('open-change-round', t('Open the change round')) : null}
            {canTakeSelection('start-consent-round', s.state) ? step('start-consent-round', t('Start the consent round')) : null}
            {canTakeSelection('close-round', s.state) ? step('close-round', t('Close the round')) : null}
            {canTakeSelection('cancel', s.state) ? step('cancel', t('Cancel the selection')) : null}
          </p>
          {canTakeSelection('propose', s.state) ? (
            <Form action={`${base}/candidate`} state={state} submit={t('Propose this candidate')}>
              <Select name="candidateId" label={t('Candidate')} state={state} options={people} />
              <Field name="termStart" label={t('Term starts')} type="date" state={state} />
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
