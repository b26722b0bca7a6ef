import { describeInstant } from '../../platform/zoned-time.ts';
import { describeSlot, dayHeading } from '../care/visits/times.ts';
import { formatCredits } from '../credits/amounts.ts';
import { t } from '../../web/i18n.ts';
import type { TodayView, TodoItem } from './queries.ts';

type Visit = TodayView['visits'][number];

/** Where the live script fetches the fresh sections from (routes.tsx serves it). */
export const TODAY_FRAGMENT_URL = '/today/now';

function Todo({ item, tz }: { item: TodoItem; tz: string }) {
  return (
    <li data-kind={item.kind} data-since={item.since.toISOString()}>
      <a href={item.href}>{item.action}</a>
      <br />
      <span>{item.about}</span>
      {item.when ? <span>{` · ${describeSlot(item.when.startsAt, item.when.endsAt, tz)}`}</span> : null}
      {item.deadline ? <strong>{` · ${t('Answers close {when}', { when: describeInstant(item.deadline, tz) })}`}</strong> : null}
    </li>
  );
}

function Visits({ list, tz }: { list: Visit[]; tz: string }) {
  return (
    <ul>
      {list.map((v) => (
        <li key={v.id}>
          <a href={`/visits/${v.id}`}>{describeSlot(v.startsAt, v.endsAt, tz)}</a>: {v.teamName}
          {v.forMe ? ` (${t('your support')})` : ''}
          {v.supporters.length ? `, ${t('with {names}', { names: v.supporters.join(', ') })}` : ''}
        </li>
      ))}
    </ul>
  );
}

/**
 * Everything below the greeting, in the order it is read: a team owner's Team first, a
 * supporter's visits today first, then what needs them (oldest first), the visits after, the
 * chats with unread messages and the credits. Served whole to the live script too.
 */
export function TodaySections({ v, tz }: { v: TodayView; tz: string }) {
  const owner = v.ownedTeams.length > 0;
  const supportingToday = v.visits.filter((x) => x.isToday && !x.forMe);
  const leadVisits = !owner && supportingToday.length > 0;
  const laterVisits = leadVisits ? v.visits.filter((x) => !supportingToday.includes(x)) : v.visits;
  return (
    <>
      {owner ? (
        <section aria-labelledby="today-team">
          <h2 id="today-team">{v.ownedTeams.length === 1 ? t('Your team') : t('Your teams')}</h2>
          <ul>
            {v.ownedTeams.map((team) => <li key={team.id}><a href={`/teams/${team.id}`}>{team.name}</a></li>)}
          </ul>
        </section>
      ) : null}
      {leadVisits ? (
        <section aria-labelledby="today-visits-now">
          <h2 id="today-visits-now">{t('Your visits today')}</h2>
          <Visits list={supportingToday} tz={tz} />
        </section>
      ) : null}
      <section aria-labelledby="today-todo">
        <h2 id="today-todo">{t('Needs you now')}</h2>
        {v.todo.length === 0 ? (
          <p>{t('Nothing needs you right now. When something does (a care log to confirm, a proposal to answer, an invitation), it will be listed here.')}</p>
        ) : (
          <>
            <p>{t('{n} things, the one waiting longest first.', { n: v.todo.length })}</p>
            <ol class="today-list">{v.todo.map((item) => <Todo key={`${item.kind}:${item.href}`} item={item} tz={tz} />)}</ol>
          </>
        )}
      </section>
      <section aria-labelledby="today-visits">
        <h2 id="today-visits">{leadVisits ? t('Your next visits') : t('Your next visits, today first')}</h2>
        {laterVisits.length === 0 ? <p>{leadVisits ? t('No more visits booked after today’s.') : t('You have no visits booked.')}</p> : <Visits list={laterVisits} tz={tz} />}
        <p><a href="/visits">{t('All your visits')}</a></p>
      </section>
      <section aria-labelledby="today-chats">
        <h2 id="today-chats">{t('Unread messages')}</h2>
        {v.channels.length === 0 ? <p>{t('No unread messages in your teams and circles.')}</p> : (
          <ul>
            {v.channels.map((c) => (
              <li key={c.circleId}><a href={`/circles/${c.circleId}/chat`}>{c.name}</a>: {t(c.unreadCapped ? '{n} or more unread messages' : c.unread === 1 ? '{n} unread message' : '{n} unread messages', { n: c.unread })}</li>
            ))}
          </ul>
        )}
        <p><a href="/teams">{t('Your teams')}</a> · <a href="/chat">{t('All your chats')}</a></p>
      </section>
      <section aria-labelledby="today-credits">
        <h2 id="today-credits">{t('Your credits')}</h2>
        <p>{v.credits === null ? t('You have no credits account yet.') : t('Your balance is {amount}.', { amount: formatCredits(v.credits) })} <a href="/credits">{t('Your statement; give or donate credits')}</a></p>
      </section>
    </>
  );
}

export function TodayPage({ v, tz }: { v: TodayView; tz: string }) {
  return (
    <>
      <h1>{t('Hello, {name}', { name: v.name })}</h1>
      <p>{t('Today is {day}.', { day: dayHeading(v.today) })}</p>
      <div id="today-live" data-refresh={TODAY_FRAGMENT_URL}>
        <TodaySections v={v} tz={tz} />
      </div>
      <p id="today-status" class="visually-hidden" role="status" aria-live="polite"></p>
      <script src="/static/today.js" defer></script>
    </>
  );
}
