import type { ComponentChildren } from 'preact';
import type { Actor } from '../../../platform/authz.ts';
import { t } from '../../../web/i18n.ts';
import { formatDateTime } from '../../../web/format.ts';
import { ActionButton, ErrorSummary, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import type { MemberRow } from '../../circles/queries.ts';
import { canTake } from '../machine.ts';
import type { ProposalDetail } from '../queries.ts';
import { Table } from '../../../web/views/table.tsx';

const stateLabel: Record<string, string> = {
  draft: 'Draft',
  presented: 'Presented',
  clarifying: 'Clarifying questions',
  reactions: 'Reactions',
  consent_round: 'Consent round',
  objections: 'Resolving objections',
  amended: 'Amended, waiting for a new consent round',
  awaiting_resolution: "Consented; waiting for the members' resolution at a general meeting",
  adopted: 'Adopted',
  rejected: "Not adopted: the members' resolution did not pass",
  withdrawn: 'Withdrawn',
  referred: 'Referred to the parent circle',
};

export interface ProposalViewProps {
  d: ProposalDetail;
  actor: Actor;
  circleName: string;
  members: MemberRow[];
  canSteer: boolean;
  state: FormState;
  tz: string;
  /** What it authorises (mandates/views.tsx MandateSection), shown after its text. */
  mandate?: ComponentChildren;
  /** The circle's open meetings, where a round in a meeting can happen. */
  openMeetings?: { id: string; label: string }[];
}

export function ProposalView({ d, actor, circleName, members, canSteer, state, tz, mandate, openMeetings = [] }: ProposalViewProps) {
  const p = d.proposal;
  const v = d.current;
  const base = `/proposals/${p.id}`;
  const me = members.find((m) => m.personId === actor.personId);
  const full = members.filter((m) => m.participation === 'full');
  const thisRound = d.responses.filter((r) => r.r.round === p.round);
  const myObjection = thisRound.find((r) => r.r.personId === actor.personId && r.r.response === 'objection' && !r.r.withdrawnAt);
  const recordedForMe = thisRound.find((r) => r.r.personId === actor.personId && r.r.recordedBy !== actor.personId && !r.r.disputedAt);
  return (
    <>
      <ErrorSummary errors={state.errors} />
      <p>
        <a href={`/circles/${p.circleId}`}>{circleName}</a> · {t('Proposal')}
      </p>
      <h1>{v?.title}</h1>
      <p>
        <strong>{t('Stage')}:</strong> {t(stateLabel[p.state] ?? p.state)} · {t('version {n}', { n: p.version })} ·{' '}
        {t('by {name}', { name: d.authorName })} · {t('facilitated by {name}', { name: d.facilitatorName })}
        {p.deadline && p.state === 'consent_round' ? ` · ${t('answers due by')} ${formatDateTime(p.deadline, tz)}` : ''}
      </p>
      {p.logbookEntryId ? (
        <p class="notice" role="status">
          {t('Adopted and written in the logbook.')} <a href={`/logbook/${p.logbookEntryId}`}>{t('See the logbook entry')}</a>
        </p>
      ) : null}
      <h2>{t('Driver')}</h2>
      <p>{v?.driver}</p>
      <h2>{t('Proposal')}</h2>
      <p class="prose">{v?.text}</p>
      <p>
        {v?.term ? `${t('Term')}: ${v.term}. ` : ''}
        {t('Review by')} {v?.reviewDate}. {p.inDomain ? t('Within this circle\'s domain.') : t('Outside this circle\'s domain.')}{' '}
        {p.isMajor ? t('A major decision.') : ''}
      </p>
      {mandate}

      {canSteer ? <StepButtons d={d} state={state} openMeetings={openMeetings} /> : null}

      {p.state === 'clarifying' ? (
        <section aria-labelledby="q-h">
          <h2 id="q-h">{t('Clarifying questions')}</h2>
          <p>{t('Questions only, to understand the proposal. Opinions come in the reactions round.')}</p>
          <QuestionList d={d} canAnswer={canSteer} state={state} base={base} />
          {me ? (
            <Form action={`${base}/questions`} state={state} submit={t('Ask')}>
              <Field name="question" label={t('Your question')} type="textarea" state={state} />
            </Form>
          ) : null}
        </section>
      ) : d.questions.length > 0 ? (
        <section aria-labelledby="q-h">
          <h2 id="q-h">{t('Clarifying questions')}</h2>
          <QuestionList d={d} canAnswer={false} state={state} base={base} />
        </section>
      ) : null}

      {d.reactions.length > 0 || p.state === 'reactions' ? (
        <section aria-labelledby="r-h">
          <h2 id="r-h">{t('Reactions')}</h2>
          <ul>
            {d.reactions.map(({ r, by }) => (
              <li key={r.id}>
                <strong>{by}</strong> ({t('on version {n}', { n: r.version })}): {r.text}
              </li>
            ))}
          </ul>
          {p.state === 'reactions' && me ? (
            <Form action={`${base}/reactions`} state={state} submit={t('Add reaction')}>
              <Field name="text" label={t('Your brief reaction')} type="textarea" state={state} />
            </Form>
          ) : null}
        </section>
      ) : null}

      {p.round > 0 ? (
        <section aria-labelledby="c-h">
          <h2 id="c-h">{t('Consent round {n}', { n: p.round })}</h2>
          <Table caption={t('Answers in this round')} hideCaption>
            <thead>
              <tr>
                <th scope="col">{t('Full participant')}</th>
                <th scope="col">{t('Answer')}</th>
                <th scope="col">{t('Concern or reason')}</th>
                <th scope="col">{t('Recorded by')}</th>
              </tr>
            </thead>
            <tbody>
              {full.map((m) => {
                const row = thisRound.find((x) => x.r.personId === m.personId);
                const r = row?.r;
                return (
                  <tr key={m.personId}>
                    <td>{m.name}</td>
                    <td>
                      {!r ? t('Not answered yet') : r.response === 'consent' ? (r.concern ? t('Consent with a concern') : t('Consent')) : r.withdrawnAt ? t('Objection withdrawn') : t('Objection')}
                    </td>
                    <td>{r?.concern ?? r?.reason ?? ''}</td>
                    <td>{!r ? '' : r.disputedAt ? t('{name}, disputed by {person}: not counted', { name: row?.recordedByName ?? '', person: m.name }) : r.recordedBy === r.personId ? t('themselves') : t('{name}, at the meeting', { name: row?.recordedByName ?? '' })}</td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          {p.state === 'consent_round' && (me?.participation === 'full' || (canSteer && p.mode === 'meeting')) ? (
            <ResponseForm base={base} state={state} people={p.mode === 'meeting' && canSteer ? full : []} />
          ) : null}
          {p.state === 'consent_round' && me && me.participation !== 'full' ? (
            <p>{t('Only full participants consent or object. You can follow the round here.')}</p>
          ) : null}
          {recordedForMe && canTake('reopen', p.state) ? (
            <>
              <p>{t('{name} recorded this answer for you at the meeting. If it is not what you said, dispute it: it will not count and the round opens again.', { name: recordedForMe.recordedByName })}</p>
              <ActionButton action={`${base}/dispute-response`} csrf={state.csrf} label={t('This is not my answer: dispute it')} secondary />
            </>
          ) : null}
          {myObjection && p.state === 'objections' ? (
            <ActionButton action={`${base}/withdraw-objection`} csrf={state.csrf} label={t('Withdraw my objection')} secondary />
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="v-h">
        <h2 id="v-h">{t('History of versions')}</h2>
        <ol reversed>
          {d.versions.map(({ v: ver, by }) => (
            <li key={ver.id}>
              {t('Version {n}', { n: ver.version })}, {formatDateTime(ver.createdAt, tz)}, {by}
              {ver.reason ? `: ${ver.reason}` : ''}
              <details>
                <summary>{t('Text of version {n}', { n: ver.version })}</summary>
                <p>{ver.text}</p>
              </details>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function QuestionList({ d, canAnswer, state, base }: { d: ProposalDetail; canAnswer: boolean; state: FormState; base: string }) {
  return (
    <ul>
      {d.questions.map(({ q, by }) => (
        <li key={q.id}>
          <strong>{by}</strong>: {q.question}
          {q.answer ? (
            <p>
              {t('Answer')}: {q.answer}
            </p>
          ) : canAnswer ? (
            <form method="post" action={`${base}/answers`}>
              <input type="hidden" name="_csrf" value={state.csrf} />
              <input type="hidden" name="questionId" value={q.id} />
              <label for={`answer-${q.id}`}>
                {t('Answer')}
                <textarea id={`answer-${q.id}`} name="answer" />
              </label>
              <button type="submit">{t('Answer')}</button>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function ResponseForm({ base, state, people }: { base: string; state: FormState; people: MemberRow[] }) {
  const choices = [
    { value: 'consent', label: t('Consent') },
    { value: 'objection', label: t('Objection') },
  ];
  return (
    <Form action={`${base}/responses`} state={state} submit={t('Record answer')}>
      {people.length > 0 ? (
        <Select name="personId" label={t('Whose answer (the facilitator records each person in a meeting)')} state={state} options={people.map((m) => ({ value: m.personId, label: m.name }))} />
      ) : null}
      <Select name="response" label={t('Answer')} state={state} options={choices} />
      <Field name="concern" label={t('A concern, with a consent (optional)')} type="textarea" hint={t('Concerns do not block; they are recorded and can be measured at review.')} state={state} />
      <Field name="reason" label={t('Reason, with an objection')} type="textarea" hint={t('How would the proposal stop the circle achieving its aim?')} state={state} />
    </Form>
  );
}

function StepButtons({ d, state, openMeetings }: { d: ProposalDetail; state: FormState; openMeetings: { id: string; label: string }[] }) {
  const p = d.proposal;
  const base = `/proposals/${p.id}`;
  const step = (name: string, label: string) => (
    <form method="post" action={`${base}/step`} class="inline-form" key={name}>
      <input type="hidden" name="_csrf" value={state.csrf} />
      <input type="hidden" name="step" value={name} />
      <button type="submit">{label}</button>
    </form>
  );
  return (
    <section aria-labelledby="steer-h" class="steer">
      <h2 id="steer-h">{t('Facilitate')}</h2>
      <p>
        {canTake('present', p.state) ? step('present', t('Present it')) : null}
        {canTake('start-clarifying', p.state) ? step('start-clarifying', t('Start clarifying questions')) : null}
        {canTake('start-reactions', p.state) ? step('start-reactions', t('Start reactions')) : null}
        {canTake('amend', p.state) ? <a href={`${base}/amend`} role="button">{t('Amend')}</a> : null}{' '}
        {canTake('close-round', p.state) ? <ActionButton action={`${base}/close-round`} csrf={state.csrf} label={t('Close the round')} /> : null}
        {canTake('refer', p.state) ? <ActionButton action={`${base}/refer`} csrf={state.csrf} label={t('Refer to the parent circle')} secondary /> : null}
        {canTake('withdraw', p.state) ? step('withdraw', t('Withdraw the proposal')) : null}
      </p>
      {canTake('start-consent-round', p.state) ? (
        <Form action={`${base}/consent-round`} state={state} submit={t('Start the consent round')}>
          <Select name="mode" label={t('How')} state={state} options={[{ value: 'meeting', label: t('In a meeting: I record each answer') }, { value: 'online', label: t('Online: each person answers by a deadline') }]} />
          <Field name="deadline" label={t('Deadline (online only)')} type="datetime-local" state={state} />
          <Select name="meetingId" label={t('Meeting (in a meeting only: it must be open, with who is present recorded)')} state={state} options={[{ value: '', label: t('None (online)') }, ...openMeetings.map((m) => ({ value: m.id, label: m.label }))]} />
        </Form>
      ) : null}
    </section>
  );
}
