import { t } from '../../../web/i18n.ts';
import { formatDateTime } from '../../../web/format.ts';
import { ActionButton, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import type { generalMeetingDetail, listGeneralMeetings } from '../queries.ts';
import type { resolutions } from '../schema.ts';
import { Table } from '../../../web/views/table.tsx';

export function MeetingsView({ meetings, state, secretary, tz }: { meetings: Awaited<ReturnType<typeof listGeneralMeetings>>; state: FormState; secretary: boolean; tz: string }) {
  return (
    <>
      <h1>{t('General meetings')}</h1>
      {meetings.length === 0 ? <p>{t('No general meetings yet.')}</p> : null}
      <ul class="plain-list">
        {meetings.map((m) => (
          <li key={m.id}>
            <a href={`/general-meetings/${m.id}`}>{m.title}</a> · {m.kind === 'agm' ? t('AGM') : t("Members' meeting")} · {formatDateTime(m.startsAt, tz)} · {m.state === 'closed' ? t('minuted') : t('coming up')}
          </li>
        ))}
      </ul>
      {secretary ? (
        <>
          <h2>{t('Give notice of a meeting')}</h2>
          <Form action="/general-meetings" state={state} submit={t('Give notice')}>
            <Select name="kind" label={t('Kind')} state={state} options={[{ value: 'agm', label: t('Annual General Meeting') }, { value: 'members', label: t("Members' meeting") }]} />
            <Field name="title" label={t('Title')} state={state} />
            <Field name="startsAt" label={t('Date and time')} type="datetime-local" state={state} />
            <Field name="place" label={t('Place or call link')} state={state} />
            <Field name="agenda" label={t('Agenda')} type="textarea" state={state} />
          </Form>
        </>
      ) : null}
    </>
  );
}

interface DetailProps {
  d: NonNullable<Awaited<ReturnType<typeof generalMeetingDetail>>>;
  state: FormState;
  secretary: boolean;
  tz: string;
}

export function MeetingView({ d, state, secretary, tz }: DetailProps) {
  const m = d.meeting;
  const base = `/general-meetings/${m.id}`;
  return (
    <>
      <h1>{m.title}</h1>
      <p>
        {m.kind === 'agm' ? t('Annual General Meeting') : t("Members' meeting")} · {formatDateTime(m.startsAt, tz)} · {m.place}
      </p>
      <h2>{t('Agenda')}</h2>
      <p class="prose">{m.agenda || t('No agenda yet.')}</p>
      <h2>{t('Resolutions')}</h2>
      {d.resolutions.length === 0 ? <p>{t('No resolutions.')}</p> : null}
      {d.resolutions.map((r) => (
        <ResolutionItem key={r.id} r={r} myVote={d.myVotes.find((v) => v.resolutionId === r.id)?.choice} grantors={d.grantorsForMe} state={state} secretary={secretary} />
      ))}
      <h2>{t('Present ({n})', { n: d.present.length })}</h2>
      <p>{d.present.map((p) => p.name).join(', ') || t('Nobody recorded yet.')}</p>
      {m.state === 'scheduled' ? (
        <>
          <h2>{t('Your proxy')}</h2>
          {d.myProxy ? (
            <p>{t('You have appointed a proxy for this meeting.')}</p>
          ) : (
            <Form action={`${base}/proxies`} state={state} submit={t('Appoint proxy')}>
              <Field name="holderEmail" label={t('Email address of the member who will vote for you')} type="email" hint={t('A member can hold at most five proxies.')} state={state} />
            </Form>
          )}
        </>
      ) : null}
      {secretary && m.state === 'scheduled' ? (
        <section aria-labelledby="sec-h">
          <h2 id="sec-h">{t('For the Secretary')}</h2>
          <Form action={`${base}/attendance`} state={state} submit={t('Record as present')}>
            <Field name="email" label={t('Email address of a member present')} type="email" state={state} />
          </Form>
          <Form action={`${base}/resolutions`} state={state} submit={t('Add resolution')}>
            <Field name="title" label={t('Resolution title')} state={state} />
            <Field name="text" label={t('Resolution text')} type="textarea" state={state} />
            <Select name="kind" label={t('Kind of resolution')} state={state} options={[{ value: 'ordinary', label: t('Ordinary: more than 50%') }, { value: 'special', label: t('Special: more than 75%') }]} />
          </Form>
          <Form action={`${base}/minutes`} state={state} submit={t('Approve minutes and close')}>
            <Field name="minutes" label={t('Minutes')} type="textarea" state={state} />
          </Form>
        </section>
      ) : null}
      {m.minutes ? (
        <>
          <h2>{t('Minutes')}</h2>
          <p class="prose">{m.minutes}</p>
        </>
      ) : null}
    </>
  );
}

function ResolutionItem({ r, myVote, grantors, state, secretary }: { r: typeof resolutions.$inferSelect; myVote?: string; grantors: string[]; state: FormState; secretary: boolean }) {
  const base = `/resolutions/${r.id}`;
  return (
    <article>
      <h3>
        <a href={base}>{r.title}</a> ({r.kind === 'special' ? t('special') : t('ordinary')})
      </h3>
      <p class="prose">{r.text}</p>
      {r.state === 'closed' ? (
        <p>
          <strong>{r.passed ? t('Passed') : t('Not passed')}</strong> · <a href={base}>{t('See the tally')}</a>
        </p>
      ) : (
        <>
          <p>{myVote ? t('Your vote: {v}. You can change it until voting closes.', { v: t(myVote) }) : t('You have not voted.')}</p>
          <form method="post" action={`${base}/votes`}>
            <input type="hidden" name="_csrf" value={state.csrf} />
            <fieldset>
              <legend>{t('Your vote on {title}', { title: r.title })}</legend>
              <label>
                <input type="radio" name="choice" value="for" /> {t('For')}
              </label>
              <label>
                <input type="radio" name="choice" value="against" /> {t('Against')}
              </label>
            </fieldset>
            <button type="submit">{t('Vote')}</button>
          </form>
          {grantors.length > 0 ? <p>{t('You hold {n} proxies: vote for them on the resolution page.', { n: grantors.length })}</p> : null}
          {secretary ? <ActionButton action={`${base}/close`} csrf={state.csrf} label={t('Close voting and count')} secondary /> : null}
        </>
      )}
    </article>
  );
}

export function TallyView({ r, meetingTitle }: { r: typeof resolutions.$inferSelect; meetingTitle: string }) {
  const tally = r.tally as null | { byClass: Record<string, { for: number; against: number }>; rule: string; weightedFor: string; weightedAgainst: string; investorWeight: string; forShare: number; investorScaled: boolean };
  const dec = (f: string) => {
    const [n, d] = f.split('/').map(Number) as [number, number];
    return d ? (n / d).toFixed(2) : '0';
  };
  return (
    <>
      <h1>{t('Tally: {title}', { title: r.title })}</h1>
      <p>{meetingTitle}</p>
      {!tally ? (
        <p>{t('Voting is still open; the tally appears when the Secretary closes it.')} {r.secret ? t('The vote is secret: only totals are ever shown.') : ''}</p>
      ) : (
        <>
          <p>
            <strong>{r.passed ? t('Passed') : t('Not passed')}</strong>: {t('{pct}% of weighted votes cast were for.', { pct: (tally.forShare * 100).toFixed(1) })}
          </p>
          <p>{tally.rule}</p>
          <Table caption={t('Votes by class of member')}>
            <thead>
              <tr>
                <th scope="col">{t('Class')}</th>
                <th scope="col">{t('For (raw)')}</th>
                <th scope="col">{t('Against (raw)')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(tally.byClass).map(([cls, v]) => (
                <tr key={cls}>
                  <th scope="row">{t(cls)}</th>
                  <td>{v.for}</td>
                  <td>{v.against}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <p>
            {t('Weighted: {f} for, {a} against; the investor class weighs {i} in total{scaled}.', {
              f: dec(tally.weightedFor),
              a: dec(tally.weightedAgainst),
              i: dec(tally.investorWeight),
              scaled: tally.investorScaled ? t(', scaled down to the cap') : '',
            })}
          </p>
        </>
      )}
    </>
  );
}
