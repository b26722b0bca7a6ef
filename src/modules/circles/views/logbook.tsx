import type { ComponentChildren } from 'preact';
import { t } from '../../../web/i18n.ts';
import { formatDate, formatDateTime } from '../../../web/format.ts';
import { listHref, Pager } from '../../../web/views/pager.tsx';
import { type dueForReviewPage, type getLogbookEntry, isInForce, type listLogbook } from '../logbook-queries.ts';

type Row = Awaited<ReturnType<typeof listLogbook>>[number];

function EntryList({ rows, tz }: { rows: Row[]; tz: string }) {
  return (
    <ul class="plain-list">
      {rows.map((r) => (
        <li key={r.id}>
          <a href={`/logbook/${r.id}`}>{r.title}</a> · {t(kindLabel[r.kind] ?? r.kind)} · {r.circleName} · {formatDate(r.adoptedAt, tz)} ·{' '}
          {t(stateLabel[r.state] ?? r.state)}
          {r.reviewDate ? ` · ${t('review by')} ${r.reviewDate}` : ''}
          {r.confidential ? ` · ${t('confidential')}` : ''}
        </li>
      ))}
    </ul>
  );
}

const kindLabel: Record<string, string> = {
  decision: 'Decision',
  policy: 'Policy',
  selection: 'Selection',
  aim: 'Aim',
  domain: 'Domain',
  minutes: 'Minutes',
};
const stateLabel: Record<string, string> = {
  in_force: 'In force',
  review_due: 'Due for review',
  continued: 'Continued after review',
  amended: 'Amended after review',
  retired: 'Retired',
};

export function LogbookView({ rows, q, circleId, circleName, next, newest, tz }: { rows: Row[]; q: string; circleId?: string; circleName?: string; next?: string; newest?: string; tz: string }) {
  const mine = rows.filter((r) => r.part === 'mine');
  const rest = rows.filter((r) => r.part === 'rest');
  return (
    <>
      <h1>{circleName ? t('Logbook of {circle}', { circle: circleName }) : t('Logbook')}</h1>
      <p>{t('Every decision, policy, selection, aim and domain change, and approved minutes. Open to every member, except confidential items and teams\' own logbooks.')}</p>
      <form method="get" action="/logbook" role="search">
        {circleId ? <input type="hidden" name="circle" value={circleId} /> : null}
        <label for="logbook-q">
          {t('Search the logbook')}
          <input id="logbook-q" type="search" name="q" value={q} />
        </label>
        <button type="submit">{t('Search')}</button>
      </form>
      {rows.length === 0 ? <p>{t('Nothing found.')}</p> : null}
      {mine.length > 0 ? (
        <>
          <h2>{t('From your circles')}</h2>
          <EntryList rows={mine} tz={tz} />
        </>
      ) : null}
      {rest.length > 0 ? (
        <>
          {mine.length > 0 || !circleId ? <h2>{t('From other circles')}</h2> : null}
          <EntryList rows={rest} tz={tz} />
        </>
      ) : null}
      <Pager label={t('More logbook entries')} prev={newest ?? null} next={next ?? null} prevText={t('Back to the newest entries')} nextText={t('Older entries')} />
    </>
  );
}

type Entry = NonNullable<Awaited<ReturnType<typeof getLogbookEntry>>>;
type HistoryItem = { type: string; at?: string; by?: string; [key: string]: unknown };

/** `mandate`: what the decision authorises and how each effect stands (decisions/mandates/views.tsx). */
export function LogbookEntryView({ e, canReview, tz, mandate }: { e: Entry; canReview: boolean; tz: string; mandate?: ComponentChildren }) {
  const entry = e.entry;
  const history = entry.history as HistoryItem[];
  return (
    <>
      <p>
        <a href={`/circles/${entry.circleId}`}>{e.circleName}</a> · <a href={`/logbook?circle=${entry.circleId}`}>{t('Logbook')}</a>
      </p>
      <h1>{entry.title}</h1>
      <p>
        {t(kindLabel[entry.kind] ?? entry.kind)} · {t('adopted')} {formatDateTime(entry.adoptedAt, tz)}
        {e.author ? ` · ${t('by {name}', { name: e.author })}` : ''} · {t(stateLabel[entry.state] ?? entry.state)}
        {entry.reviewDate ? ` · ${t('review by')} ${entry.reviewDate}` : ''}
      </p>
      <p class="prose">{entry.text}</p>
      {mandate}
      {entry.supersededBy ? (
        <p>
          <a href={`/logbook/${entry.supersededBy}`}>{t('See the entry that followed its review')}</a>
        </p>
      ) : null}
      {entry.sourceType === 'proposal' && entry.sourceId ? (
        <p>
          <a href={`/proposals/${entry.sourceId}`}>{t('See the proposal')}</a>
        </p>
      ) : null}
      {isInForce(entry.state) && entry.kind !== 'minutes' ? (
        <p>
          {canReview ? (
            <>
              <a href={`/logbook/${entry.id}/review`} role="button">{t('Start a review')}</a>{' '}
            </>
          ) : null}
          <a href={`/logbook/${entry.id}/appeal`} role="button" class="secondary">{t('Appeal this decision')}</a>
        </p>
      ) : null}
      {history.length > 0 ? (
        <section aria-labelledby="history-h">
          <h2 id="history-h">{t('How it was decided')}</h2>
          <ol>
            {history.map((h, i) => (
              <li key={i}>
                <HistoryLine h={h} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

function HistoryLine({ h }: { h: HistoryItem }) {
  const who = h.by ? String(h.by) : t('someone');
  switch (h.type) {
    case 'version':
      return <>{t('Version {n} by {who}', { n: String(h.version), who })}{h.reason ? `: ${String(h.reason)}` : ''}. {String(h.text ?? '')}</>;
    case 'question':
      return <>{t('{who} asked', { who })}: {String(h.question)} {h.answer ? `${t('Answer')}: ${String(h.answer)}` : ''}</>;
    case 'reaction':
      return <>{t('{who} reacted', { who })}: {String(h.text)}</>;
    case 'response':
      return (
        <>
          {t('Round {n}', { n: String(h.round) })}: {who} {h.response === 'objection' ? (h.withdrawn ? t('objected, then withdrew') : t('objected')) : t('consented')}
          {h.reason ? `: ${String(h.reason)}` : ''}
          {h.concern ? ` (${t('concern')}: ${String(h.concern)})` : ''}
        </>
      );
    default:
      return <>{String(h.type)}: {who}</>;
  }
}

type DuePage = Awaited<ReturnType<typeof dueForReviewPage>>;

function DueList({ id, heading, page, none, query }: { id: string; heading: string; page: DuePage; none: string; query: Record<string, unknown> }) {
  const href = (cursor: { after: string } | { before: string }) => listHref('/reviews', query, `${id}_`, cursor, `#${id}`);
  return (
    <>
      <h2 id={id}>{heading}</h2>
      {page.rows.length === 0 ? <p>{none}</p> : (
        <ul class="plain-list">
          {page.rows.map((r) => (
            <li key={r.id}>
              <a href={`/logbook/${r.id}`}>{r.title}</a> · {r.circleName} · {t('review by')} {r.reviewDate}
            </li>
          ))}
        </ul>
      )}
      <Pager label={t('More of {list}', { list: heading })} prev={page.prev ? href({ before: page.prev }) : null} next={page.next ? href({ after: page.next }) : null} prevText={t('More overdue')} nextText={t('Less overdue')} />
    </>
  );
}

/** What is due for review: the person's own circles' first, then the rest they may read, most overdue first, each a page at a time. */
export function DueForReviewView({ due, query }: { due: { mine: DuePage; rest: DuePage }; query: Record<string, unknown> }) {
  return (
    <>
      <h1>{t('Due for review')}</h1>
      <p>{t('Decisions and policies whose review date has come, across the circles you can see, the most overdue first.')}</p>
      <DueList id="mine" heading={t('In your circles')} page={due.mine} none={t('Nothing is due for review in your circles.')} query={query} />
      <DueList id="rest" heading={t('Elsewhere in the co-op')} page={due.rest} none={t('Nothing else is due for review.')} query={query} />
    </>
  );
}
