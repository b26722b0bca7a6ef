import { t } from '../../../web/i18n.ts';
import { Pager } from '../../../web/views/pager.tsx';
import type { circleLevel, circleTrail } from '../map-queries.ts';

type Level = Awaited<ReturnType<typeof circleLevel>>;
type Trail = Awaited<ReturnType<typeof circleTrail>>;

const plural = (n: number, one: string, many: string) => (n === 1 ? t(one) : t(many, { n }));

function Counts({ c }: { c: { memberCount: number; circleCount: number; teamCount: number } }) {
  return (
    <>
      {plural(c.memberCount, '1 member', '{n} members')} · {plural(c.circleCount, '1 circle within', '{n} circles within')} ·{' '}
      {plural(c.teamCount, '1 team within', '{n} teams within')}
    </>
  );
}

function LinkBadge({ state }: { state: string }) {
  return state === 'missing' ? <strong class="flag">{t('missing')}</strong> : <span>{t(state)}</span>;
}

/**
 * One level of the circle map (ADR 0022): where we are (the way up), the circles directly
 * within it with their kept counts and links, a page at a time, and the way down into each.
 * Members count direct members; Leaders and Delegates linking up are counted on the circle's page.
 */
export function CircleMapView({ trail, level, prevHref, nextHref }: { trail: Trail; level: Level; prevHref: string | null; nextHref: string | null }) {
  const here = trail.at(-1);
  const gaps = level.rows.filter((r) => r.leader === 'missing' || r.delegate === 'missing').length;
  return (
    <>
      <h1>{here ? t('Circle map: {name}', { name: here.name }) : t('Circle map')}</h1>
      <nav aria-label={t('Where you are on the map')}>
        <ol class="trail">
          <li>{here ? <a href="/circles">{t('Top-level circles')}</a> : <span aria-current="page">{t('Top-level circles')}</span>}</li>
          {trail.map((c, i) => (
            <li key={c.id}>{i < trail.length - 1 ? <a href={`/circles?in=${c.id}`}>{c.name}</a> : <span aria-current="page">{c.name}</span>}</li>
          ))}
        </ol>
      </nav>
      {here ? (
        <p>
          <a href={`/circles/${here.id}`}>{t('{name}: its page, members and hats', { name: here.name })}</a> (<Counts c={here} />)
        </p>
      ) : (
        <p>{t('The circles at the top of the co-op. Each circle below the top is double-linked: a Leader chosen by the parent circle and a Delegate elected by the circle. Open a level to see the circles within it.')}</p>
      )}
      <h2 id="level">{here ? t('Circles within {name}', { name: here.name }) : t('Top-level circles')}</h2>
      {gaps > 0 ? (
        <p class="notice" role="status">
          {gaps === 1 ? t('1 circle here has a missing or expired link.') : t('{n} circles here have a missing or expired link.', { n: gaps })}
        </p>
      ) : null}
      {level.rows.length === 0 ? <p>{t('No circles within this one.')}</p> : null}
      <ul class="circle-level">
        {level.rows.map((c) => (
          <li key={c.id}>
            <a href={`/circles/${c.id}`}>{c.name}</a>
            <br />
            <Counts c={c} />
            {c.parentId ? (
              <>
                <br />
                {t('Leader')}: <LinkBadge state={c.leader} /> · {t('Delegate')}: <LinkBadge state={c.delegate} />
              </>
            ) : null}
            {c.circleCount > 0 ? (
              <>
                <br />
                <a href={`/circles?in=${c.id}`}>{t('Circles within {name} ({n})', { name: c.name, n: c.circleCount })}</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <Pager label={t('More circles at this level')} prev={prevHref} next={nextHref} prevText={t('Previous circles')} nextText={t('More circles')} />
    </>
  );
}
