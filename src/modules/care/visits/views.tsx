import { formatDate } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { ActionButton, Checkbox, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import { visitKinds } from '../schema.ts';
import { kindLabels } from './input.ts';
import { Pager, pageHref } from '../../../web/views/pager.tsx';
import type { teamWeek, visitDetail, VisitRow } from './queries.ts';
import { weekdayCodes } from './recurrence.ts';
import { dayHeading, describeSlot } from './times.ts';

const kindOptions = visitKinds.map((k) => ({ value: k, label: t(kindLabels[k]) }));
const dayLabels = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Who is coming, in words: an empty visit says so plainly (not by colour alone). */
export function Coming({ v }: { v: VisitRow }) {
  if (v.state === 'cancelled') return <span>{t('Cancelled: {reason}', { reason: v.cancelReason ?? '' })}</span>;
  if (v.supporters.length === 0) return <strong>{t('Gap: nobody is coming yet')}</strong>;
  return <span>{t('Coming: {names}', { names: v.supporters.map((s) => s.name).join(', ') })}</span>;
}

const stateWords = (v: VisitRow) => (v.state === 'ended' ? ` · ${t('ended')}` : v.state === 'booked' && v.rearrangeReason ? ` · ${t('moved')}` : '');

export function RotaView({ w, tz }: { w: Awaited<ReturnType<typeof teamWeek>>; tz: string }) {
  const id = w.facts.team.id;
  const gaps = w.days.flatMap((d) => d.visits).filter((v) => v.state === 'booked' && v.supporters.length === 0).length;
  return (
    <>
      <h1>{t('{team}: visits for the week of {date}', { team: w.facts.team.name, date: dayHeading(w.monday) })}</h1>
      <nav class="no-print" aria-label={t('Weeks')}>
        <p>
          <a href={`/teams/${id}/visits?week=${w.previous}`}>{t('Previous week')}</a> · <a href={`/teams/${id}/visits`}>{t('This week')}</a> · <a href={`/teams/${id}/visits?week=${w.next}`}>{t('Next week')}</a>
        </p>
      </nav>
      <p class="no-print">
        {w.promise ? <a href={`/teams/${id}/visits/new`}>{t('Book a visit')}</a> : <>{t('Visits can be booked once the team has accepted the Getting Support Promise.')} <a href={`/teams/${id}/promise`}>{t('The Promise')}</a></>}
        {' · '}<a href={`/teams/${id}`}>{t('Back to the team')}</a>
      </p>
      <p>{gaps ? t('{n} booked visits this week have nobody coming yet.', { n: gaps }) : t('Every booked visit this week has someone coming.')}</p>
      {w.days.map((d) => (
        <section key={d.date} aria-labelledby={`day-${d.date}`}>
          <h2 id={`day-${d.date}`}>{dayHeading(d.date)}</h2>
          {d.visits.length === 0 ? <p>{t('No visits')}</p> : (
            <ul>
              {d.visits.map((v) => (
                <li key={v.id}>
                  <a href={`/visits/${v.id}`}>{describeSlot(v.startsAt, v.endsAt, tz).split(', ').slice(1).join(', ')}</a> {t(kindLabels[v.kind])}{stateWords(v)}. <Coming v={v} />
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

export function SlotFields({ state, prefix = '' }: { state: FormState; prefix?: string }) {
  return (
    <fieldset>
      <legend>{t('When (UK time)')}</legend>
      <Field name={`${prefix}date`} label={t('Date')} type="date" state={state} />
      <Field name={`${prefix}startTime`} label={t('Start time')} type="time" hint={t('For example 10:00')} state={state} />
      <Field name={`${prefix}endTime`} label={t('End time')} type="time" hint={t('At most 12 hours after the start')} state={state} />
      <Field name={`${prefix}endDate`} label={t('End date, if it ends on a later day (optional)')} type="date" state={state} />
    </fieldset>
  );
}

/** Several checkboxes sharing a name, in a fieldset whose legend names them. */
function Checkboxes({ name, legend, options, state, hint }: { name: string; legend: string; options: { value: string; label: string }[]; state: FormState; hint?: string }) {
  const chosen = ([] as unknown[]).concat(state.values[name] ?? []).map(String);
  const error = state.errors[name];
  return (
    <fieldset id={`field-${name}`} aria-describedby={error ? `field-${name}-error` : undefined}>
      <legend>{legend}</legend>
      {hint ? <small class="hint">{hint}</small> : null}
      {error ? <small id={`field-${name}-error`} class="field-error">{t('Error:')} {error}</small> : null}
      {options.map((o) => (
        <label key={o.value} for={`${name}-${o.value}`}>
          <input type="checkbox" id={`${name}-${o.value}`} name={name} value={o.value} checked={chosen.includes(o.value)} aria-invalid={error ? 'true' : undefined} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function BookForm({ w, state }: { w: Awaited<ReturnType<typeof teamWeek>>; state: FormState }) {
  const id = w.facts.team.id;
  const people = w.supporters.map((p) => ({ value: p.id, label: `${p.name}${p.kind ? ` (${t(p.kind)})` : ''}${p.onTrial ? ` ${t('on trial: trial visits only')}` : ''}` }));
  return (
    <>
      <h1>{t('Book a visit for {team}', { team: w.facts.team.name })}</h1>
      {!w.promise ? <p class="notice">{t('Visits can be booked once the team has accepted the Getting Support Promise.')} <a href={`/teams/${id}/promise`}>{t('The Promise')}</a></p> : null}
      <Form action={`/teams/${id}/visits/new`} state={state} submit={t('Book the visit')}>
        <Select name="kind" label={t('Kind of visit')} state={state} options={kindOptions} />
        <SlotFields state={state} />
        <Field name="place" label={t('Where: an address, or a call or video link')} state={state} />
        <Field name="notes" label={t('Notes for the team (optional; not shown in the chat or calendars)')} type="textarea" state={state} />
        <Checkboxes name="supporterIds" legend={t('Who is coming')} hint={t('Volunteers cannot be on a paid visit. Leave empty to show it as a gap.')} options={people} state={state} />
        <fieldset>
          <legend>{t('Repeat')}</legend>
          <Select name="repeat" label={t('How often')} state={state} options={[{ value: 'none', label: t('Once') }, { value: 'weekly', label: t('Every week') }, { value: 'daily', label: t('Every day') }]} />
          <Checkboxes name="weekdays" legend={t('On these days (every week)')} hint={t('Leave empty for the same day as the first visit.')} options={weekdayCodes.map((c, i) => ({ value: c, label: t(dayLabels[i] as string) }))} state={state} />
          <Field name="repeatUntil" label={t('Until this date')} type="date" state={state} />
          <Field name="repeatCount" label={t('Or this many times (up to 100)')} type="number" state={state} />
        </fieldset>
      </Form>
      <p><a href={`/teams/${id}/visits`}>{t('Back to the rota')}</a></p>
    </>
  );
}

export type Forms = Record<'rearrange' | 'cancel' | 'join', FormState>;

export function VisitView({ d, forms, csrf, tz }: { d: Awaited<ReturnType<typeof visitDetail>>; forms: Forms; csrf: string; tz: string }) {
  const v = d.visit;
  const base = `/visits/${v.id}`;
  return (
    <>
      <h1>{t('{kind} for {team}: {when}', { kind: t(kindLabels[v.kind]), team: d.facts.team.name, when: describeSlot(v.startsAt, v.endsAt, tz) })}</h1>
      <dl>
        <dt>{t('State')}</dt><dd>{t(v.state)}{v.cancelReason ? ` (${v.cancelReason})` : ''}</dd>
        <dt>{t('Where')}</dt><dd>{/^https?:\/\//.test(v.place) ? <a href={v.place}>{v.place}</a> : v.place}</dd>
        {v.rearrangeReason ? <><dt>{t('Moved because')}</dt><dd>{v.rearrangeReason}</dd></> : null}
        {v.seriesId ? <><dt>{t('Repeats')}</dt><dd>{t('Part of a repeating series')}</dd></> : null}
        {v.notes ? <><dt>{t('Notes')}</dt><dd class="prose">{v.notes}</dd></> : null}
      </dl>
      <h2>{t('Who is coming')}</h2>
      {v.supporters.length === 0 ? <p><strong>{t('Gap: nobody is coming yet')}</strong></p> : (
        <ul>
          {v.supporters.map((s) => (
            <li key={s.id}>{s.name} {v.state === 'booked' && (d.mayChooseOthers || d.coming && s.id === d.me) ? <ActionButton action={`${base}/leave`} csrf={csrf} fields={{ personId: s.id }} label={s.id === d.me ? t('I cannot come') : t('Take {name} off', { name: s.name })} secondary /> : null}</li>
          ))}
        </ul>
      )}
      {d.mayJoin ? <ActionButton action={`${base}/join`} csrf={csrf} label={t('I will come')} /> : null}
      {d.mayChooseOthers && d.others.length ? (
        <Form action={`${base}/join`} state={forms.join} submit={t('Add to this visit')}>
          <Select name="personId" label={t('Add someone from the team')} state={forms.join} options={d.others.map((p) => ({ value: p.id, label: p.name }))} />
        </Form>
      ) : null}
      {d.mayEnd ? <><h2>{t('End the visit')}</h2><p>{t('Ending it opens a care log for each person who came, for both sides to confirm.')}</p><ActionButton action={`${base}/end`} csrf={csrf} label={t('Mark the visit ended')} /></> : null}
      {v.state === 'booked' && d.inTeam ? (
        <>
          <h2>{t('Rearrange')}</h2>
          <Form action={`${base}/rearrange`} state={forms.rearrange} submit={t('Move the visit')}>
            <SlotFields state={forms.rearrange} />
            <Field name="reason" label={t('Why it is moving')} state={forms.rearrange} />
          </Form>
          <h2>{t('Cancel')}</h2>
          <Form action={`${base}/cancel`} state={forms.cancel} submit={t('Cancel the visit')}>
            <Field name="cancelReason" label={t('Why it is cancelled')} state={forms.cancel} />
            {v.seriesId ? <Checkbox name="wholeSeries" label={t('Also cancel every later visit in this series')} state={forms.cancel} /> : null}
          </Form>
        </>
      ) : null}
      <p class="no-print">{d.inTeam ? <><a href={`/teams/${v.teamId}/visits?week=${d.week}`}>{t('Back to the rota')}</a> · </> : null}<a href="/visits">{t('My visits')}</a></p>
    </>
  );
}

export function MyVisitsView({ list, prev, next, tz }: { list: (VisitRow & { teamName: string; forMe: boolean })[]; prev: string | null; next: string | null; tz: string }) {
  return (
    <>
      <h1>{t('My visits')}</h1>
      {list.length === 0 ? <p>{t('You have no visits coming up.')}</p> : (
        <ul>
          {list.map((v) => (
            <li key={v.id}>
              <a href={`/visits/${v.id}`}>{describeSlot(v.startsAt, v.endsAt, tz)}</a>: {v.teamName}, {t(kindLabels[v.kind])}{v.forMe ? ` (${t('your support')})` : ''}. <Coming v={v} />
            </li>
          ))}
        </ul>
      )}
      <Pager label={t('More visits')} prev={prev ? pageHref('/visits', {}, { before: prev }) : null} next={next ? pageHref('/visits', {}, { after: next }) : null} prevText={t('Earlier visits')} nextText={t('Later visits')} />
      <p class="no-print"><a href="/visits/calendar">{t('Your calendar address (for your phone)')}</a></p>
    </>
  );
}

export function CalendarView({ live, created, csrf, tz }: { live: { createdAt: Date } | null; created: string | null; csrf: string; tz: string }) {
  return (
    <>
      <h1>{t('Your visits in your own calendar')}</h1>
      <p>{t('Add this private address to your phone or computer calendar to see your visits there. It shows times, team and place only. Anyone with the address can see your visits: keep it to yourself.')}</p>
      {created ? (
        <div class="notice" role="status">
          <p>{t('Your new calendar address (shown only now: copy it into your calendar app):')}</p>
          <p><code>{created}</code></p>
          <p><a href={created.replace(/^https?:/, 'webcal:')}>{t('Open it in your calendar app')}</a></p>
        </div>
      ) : null}
      {live ? <p>{t('You have a calendar address, made on {date}. If you have lost it, make a new one: the old one stops working.', { date: formatDate(live.createdAt, tz) })}</p> : <p>{t('You have no calendar address yet.')}</p>}
      <ActionButton action="/visits/calendar" csrf={csrf} label={live ? t('Make a new address (the old one stops working)') : t('Make my calendar address')} />
      {live ? <ActionButton action="/visits/calendar/revoke" csrf={csrf} label={t('Stop my calendar address working')} secondary /> : null}
    </>
  );
}
