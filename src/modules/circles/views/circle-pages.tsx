import { t } from '../../../web/i18n.ts';
import { describeInstant } from '../../../platform/zoned-time.ts';
import type { openProposals } from '../../decisions/queries.ts';
import type { dueForReview } from '../logbook-queries.ts';
import type { circleHats, circleMembership, getCircle } from '../queries.ts';
import { Pager } from '../../../web/views/pager.tsx';
import { Table } from '../../../web/views/table.tsx';

interface CircleViewProps {
  circle: NonNullable<Awaited<ReturnType<typeof getCircle>>>;
  /** A full participant (or someone who sets up circles): may add members and define hats. */
  mayShape: boolean;
  parentName: string | null;
  members: Awaited<ReturnType<typeof circleMembership>>;
  /** All the members, not only this page's (null when not known: a page past the end). */
  membersTotal: number | null;
  /** The last person listed, when more members follow (the next page starts after them). */
  membersNext: string | null;
  /** The first person listed, when members come before them (the previous page ends before them). */
  membersPrev: string | null;
  hats: Awaited<ReturnType<typeof circleHats>>;
  children: { id: string; name: string; kind: string }[];
  childrenNext: string | null;
  childrenPrev: string | null;
  proposals: Awaited<ReturnType<typeof openProposals>>;
  due: Awaited<ReturnType<typeof dueForReview>>;
  meeting: { id: string; startsAt: Date; place: string } | null;
}

const participationLabel = { full: 'Full participant', learning: 'Learning participant', guest: 'Guest' } as const;

export function CircleView({ circle, mayShape, parentName, members, membersTotal, membersNext, membersPrev, hats, children, childrenNext, childrenPrev, proposals, due, meeting }: CircleViewProps) {
  return (
    <>
      <h1>{circle.name}</h1>
      <p>
        {circle.kind === 'team' ? t('A team.') : t('A circle.')}{' '}
        {parentName && circle.parentId ? (
          <>
            {t('Part of')} <a href={`/circles/${circle.parentId}`}>{parentName}</a>.
          </>
        ) : (
          t('A top-level circle.')
        )}
      </p>
      <h2>{t('Aim')}</h2>
      <p>{circle.aim}</p>
      <h2>{t('Domain')}</h2>
      <p>{circle.domain}</p>
      <h2 id="members">{t('Members')}</h2>
      {membersTotal === null ? null : <p>{membersTotal === 1 ? t('1 member.') : t('{count} members.', { count: membersTotal })}</p>}
      <Table caption={t('Members and their hats')} hideCaption>
        <thead>
          <tr>
            <th scope="col">{t('Name')}</th>
            <th scope="col">{t('Participation')}</th>
            <th scope="col">{t('Hats here')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.personId}>
              <td>{m.name}</td>
              <td>
                {t(participationLabel[m.participation])}
                {m.linkFrom ? ` (${t('link')}: ${m.linkFrom})` : ''}
              </td>
              <td>{m.hats.join(', ') || t('none')}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Pager
        label={t('More members')}
        prev={membersPrev ? `/circles/${circle.id}?members_before=${membersPrev}#members` : null}
        next={membersNext ? `/circles/${circle.id}?members_after=${membersNext}#members` : null}
        prevText={t('Previous members')}
        nextText={t('More members')}
      />
      <h2>{t('Hats')}</h2>
      <ul>
        {hats.map((h) => (
          <li key={h.id}>
            <strong>{h.name}</strong>: {h.purpose}{' '}
            {h.holders.length > 0
              ? `(${h.holders.map((x) => `${x.personName}, until ${x.termEnd}`).join('; ')})`
              : `(${t('nobody yet')})`}
            {h.dueForReselection.length > 0 ? (
              <strong class="flag">
                {' '}
                {t('Due for re-selection: {name}\'s term ended {date}', { name: h.dueForReselection[0]?.personName ?? '', date: h.dueForReselection[0]?.termEnd ?? '' })}
              </strong>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t('Open proposals')}</h2>
      {proposals.length === 0 ? <p>{t('No open proposals.')}</p> : null}
      <ul>
        {proposals.map((p) => (
          <li key={p.id}>
            <a href={`/proposals/${p.id}`}>{p.title}</a> ({t(p.state.replace('_', ' '))})
          </li>
        ))}
      </ul>
      <p>
        <a href={`/circles/${circle.id}/proposals/new`}>{t('Bring a proposal')}</a> ·{' '}
        {circle.kind === 'team' ? (
          // A Team's people and hats change only through its own flows, on the team's page.
          <><a href={`/teams/${circle.id}`}>{t("The team's people and hats")}</a> ·{' '}</>
        ) : mayShape ? (
          <><a href={`/circles/${circle.id}/members`}>{t('Add a member')}</a> · <a href={`/circles/${circle.id}/hats/new`}>{t('Define a hat')}</a> ·{' '}</>
        ) : null}
        <a href={`/circles/${circle.id}/selections/new`}>{t('Start a selection')}</a> ·{' '}
        <a href={`/logbook?circle=${circle.id}`}>{t('Logbook and policies')}</a>
      </p>
      <h2>{t('Next meeting')}</h2>
      <p>
        {meeting ? (
          <a href={`/meetings/${meeting.id}`}>
            {describeInstant(meeting.startsAt)}, {meeting.place}
          </a>
        ) : (
          t('None scheduled.')
        )}{' '}
        · <a href={`/circles/${circle.id}/meetings`}>{t('All meetings')}</a>
      </p>
      <h2>{t('Due for review')}</h2>
      {due.length === 0 ? <p>{t('Nothing due for review in the next 30 days.')}</p> : null}
      <ul>
        {due.map((d) => (
          <li key={d.id}>
            <a href={`/logbook/${d.id}`}>{d.title}</a> ({t('review by')} {d.reviewDate})
          </li>
        ))}
      </ul>
      {children.length > 0 || childrenPrev ? (
        <>
          <h2 id="within">{t('Circles and teams within')}</h2>
          {circle.kind === 'circle' ? <p><a href={`/circles?in=${circle.id}`}>{t('This circle on the circle map')}</a></p> : null}
          <ul>
            {children.map((c) => (
              <li key={c.id}>
                <a href={`/circles/${c.id}`}>{c.name}</a> ({c.kind === 'team' ? t('team') : t('circle')})
              </li>
            ))}
          </ul>
          <Pager
            label={t('More circles and teams within')}
            prev={childrenPrev ? `/circles/${circle.id}?within_before=${childrenPrev}#within` : null}
            next={childrenNext ? `/circles/${circle.id}?within_after=${childrenNext}#within` : null}
            prevText={t('Previous circles and teams')}
            nextText={t('More circles and teams')}
          />
        </>
      ) : null}
    </>
  );
}
