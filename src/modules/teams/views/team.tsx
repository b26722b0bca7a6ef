import { formatDate } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { ActionButton, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import { describeState } from '../commands/joining.ts';
import type { teamOverview } from '../queries.ts';
import { standardTeamHats } from '../team-hats.ts';
import type { CareMap } from '../care-map/queries.ts';
import { TeamCareMap } from '../care-map/views.tsx';

type Overview = Awaited<ReturnType<typeof teamOverview>>;

export function TeamPage({ o, careMap, state, tz, me }: { o: Overview; careMap: CareMap | null; state: FormState; tz: string; me: string }) {
  const id = o.facts.team.id;
  const owner = o.members.find((m) => m.personId === o.facts.team.ownerId);
  const named = new Set(o.hats.map((h) => h.name));
  const meInTeam = o.members.some((m) => m.personId === me);
  return (
    <>
      <h1>{o.facts.team.name}</h1>
      {o.inTeam ? (
        <>
          <p>
            {t('Owner')}: {owner?.name ?? t('the person getting support')}
            {o.facts.advocateId ? ` · ${t('Advocate')}: ${o.members.find((m) => m.personId === o.facts.advocateId)?.name ?? ''}` : ''}
            {' · '}
            {o.selfManagingAt ? t('Self-managing since {date}', { date: formatDate(o.selfManagingAt, tz) }) : t('Being started with a Team Starter')}
          </p>
          <nav aria-label={t('This team')}>
            <ul class="plain-list">
              <li><a href={`/teams/${id}/profile`}>{t('Getting Support Profile')}</a></li>
              <li><a href={`/teams/${id}/care-map`}>{t('Circle of support (care map, to print)')}</a></li>
              <li><a href={`/teams/${id}/visits`}>{t('Visits and rota')}</a></li>
              <li><a href={`/teams/${id}/care-logs`}>{t('Care logs')}</a></li>
              <li><a href={`/teams/${id}/notes`}>{t('Care notes')}</a></li>
              <li><a href={`/teams/${id}/mar`}>{t('Medication record (MAR)')}</a></li>
              <li><a href={`/teams/${id}/money`}>{t('Money: rates, expenses and statements')}</a></li>
              <li><a href={`/circles/${id}/chat`}>{t('Team chat')}</a></li>
              <li><a href={`/circles/${id}`}>{t('Logbook and hats')}</a></li>
              <li><a href={`/circles/${id}/meetings`}>{t('Meetings and check-ins')}</a></li>
              <li><a href={`/teams/${id}/concerns/new`}>{t('Share a concern')}</a></li>
            </ul>
          </nav>
          <h2>{t('The Getting Support Promise')}</h2>
          {o.promise ? (
            <p>{t('Accepted (version {v}) on {date}.', { v: o.promise.version, date: formatDate(o.promise.acceptedAt, tz) })} <a href={`/teams/${id}/promise`}>{t('Read the Promise')}</a></p>
          ) : (
            <p>{t('Not accepted yet: no visit can be booked until it is.')} <a href={`/teams/${id}/promise`}>{o.ownerSide ? t('Read and accept the Promise') : t('Read the Promise')}</a></p>
          )}
          <h2>{t('Who is in the team')}</h2>
          <ul>
            {o.members.map((m) => (
              <li key={m.personId}>
                {m.name}
                {m.hats.length ? ` · ${m.hats.join(', ')}` : ''}
                {o.ownerSide && m.personId !== o.facts.team.ownerId ? (
                  <ActionButton action={`/teams/${id}/remove`} csrf={state.csrf} fields={{ personId: m.personId }} label={t('Remove {name} from the team', { name: m.name })} secondary />
                ) : null}
              </li>
            ))}
          </ul>
          {o.notices.map(({ notice, name }) => (
            <p key={notice.id} class="notice">{t('{name} is leaving on {date}. Handover: {handover}', { name, date: notice.leavingOn, handover: notice.handover })}</p>
          ))}
          {careMap ? <TeamCareMap map={careMap} /> : null}
        </>
      ) : null}
      <h2>{t('Joining')}</h2>
      {o.welcomer ? <p><a href={`/teams/${id}/invite`}>{t('Invite someone to the team')}</a> · <a href={`/matching/teams/${id}`}>{t('Find supporters: call-outs, shortlist, introductions')}</a></p> : null}
      {o.joins.length === 0 ? <p>{t('No invitations or requests.')}</p> : null}
      <ul>
        {o.joins.map(({ join, name }) => (
          <li key={join.id}>
            <a href={`/teams/${id}/joins/${join.id}`}>{name}</a> ({t(join.supporterKind)}): {t(describeState(join.state))}
          </li>
        ))}
      </ul>
      {o.inTeam ? (
        <>
          <h2>{t('Getting organised: the team\'s hats')}</h2>
          <ul>
            {o.hats.filter((h) => h.kind === 'team').map((h) => (
              <li key={h.id}>
                {h.name}: {h.holders.length ? h.holders.map((x) => x.personName).join(', ') : t('nobody yet')}
              </li>
            ))}
          </ul>
          <p><a href={`/circles/${id}/selections/new`}>{t('Choose who wears a hat, by consent')}</a></p>
          <Form action={`/teams/${id}/hats`} state={state} submit={t('Name these hats')}>
            <fieldset>
              <legend>{t('Hats to name at the first team meeting')}</legend>
              {state.errors.hats ? <p class="field-error" id="field-hats">{t('Error:')} {state.errors.hats}</p> : null}
              {standardTeamHats.filter((h) => !named.has(h.name)).map((h) => (
                <label key={h.name} for={`hat-${h.name}`}>
                  <input id={`hat-${h.name}`} type="checkbox" name="hats" value={h.name} /> {h.name}: {h.purpose}
                </label>
              ))}
            </fieldset>
            <Field name="ownHat" label={t('Or a hat of your own (name)')} state={state} />
            <Field name="ownPurpose" label={t('What your own hat is for')} state={state} />
          </Form>
          <h2>{t('Stepping back')}</h2>
          <ul>
            {o.essentials.map((e) => (
              <li key={e.name}>{e.name}: {e.holders.length ? t('held by {who}', { who: e.holders.join(', ') }) : t('not held yet')}</li>
            ))}
          </ul>
          {!o.selfManagingAt && meInTeam && !o.ownerSide ? (
            <Form action={`/teams/${id}/step-back`} state={state} submit={t('Step back: the team is self-managing')}>
              <Field name="goodbye" label={t('Your goodbye in the team chat')} type="textarea" state={state} />
            </Form>
          ) : null}
          {o.ownerSide && o.facts.team.ownerId === me ? (
            <Form action={`/teams/${id}/advocate`} state={state} submit={t('Save advocate')}>
              <Select name="advocateId" label={t('Your advocate (acts for you when you ask)')} state={{ ...state, values: { advocateId: o.facts.advocateId ?? '' } }} options={[{ value: '', label: t('Nobody') }, ...o.members.filter((m) => m.personId !== me).map((m) => ({ value: m.personId, label: m.name }))]} />
            </Form>
          ) : null}
          {meInTeam && me !== o.facts.team.ownerId ? <p><a href={`/teams/${id}/leave`}>{t('Leaving the team')}</a></p> : null}
        </>
      ) : null}
    </>
  );
}

export function PromiseText({ text }: { text: readonly string[] }) {
  return (
    <ol>
      {text.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ol>
  );
}

/**
 * Where a trial happens (DOMAIN.md 4): the person on trial sees their trial visits, logs the
 * support they gave and, on a paid trial, agrees the trial rate; the owner's side books the
 * trial visits. Each link goes to the page whose command decides, so nothing here grants a right.
 */
export function TrialLinks({ teamId, onTrial, paid, books }: { teamId: string; onTrial: boolean; paid: boolean; books: boolean }) {
  if (!onTrial && !books) return null;
  return (
    <nav aria-label={t('The trial')}>
      <ul class="plain-list">
        {books ? <li><a href={`/teams/${teamId}/visits/new`}>{t('Book a trial visit')}</a></li> : null}
        {onTrial ? <li><a href="/visits">{t('Your trial visits')}</a></li> : null}
        {onTrial ? <li><a href={`/teams/${teamId}/care-logs/new`}>{t('Log support you gave on the trial')}</a></li> : null}
        {onTrial && paid ? <li><a href={`/teams/${teamId}/money`}>{t('Your trial rate')}</a></li> : null}
      </ul>
    </nav>
  );
}
