import { Pager } from '../../../../web/views/pager.tsx';
import { t } from '../../../../web/i18n.ts';
import { ErrorSummary, Field, Form, type FormState, Select } from '../../../../web/views/forms.tsx';
import { careLogStates } from '../../schema.ts';
import { stateLabel } from '../machine.ts';
import type { TeamLogsView, WaitingView } from '../queries.ts';
import { duration, kindLabel, when } from './log-page.tsx';
import { Table } from '../../../../web/views/table.tsx';

type Option = { value: string; label: string };

function LogsTable({ logs, tz, caption, showTeam }: { logs: (TeamLogsView['logs'][number] | (WaitingView['logs'][number]))[]; tz: string; caption: string; showTeam?: boolean }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <th scope="col">{t('When')}</th>
          {showTeam ? <th scope="col">{t('Team')}</th> : null}
          <th scope="col">{t('Supporter')}</th><th scope="col">{t('Kind')}</th><th scope="col">{t('How long')}</th><th scope="col">{t('Where it is')}</th>
        </tr>
      </thead>
      <tbody>
        {logs.map((l) => (
          <tr key={l.id}>
            <td><a href={`/care-logs/${l.id}`}>{when(l.startsAt, l.endsAt, tz)}</a></td>
            {showTeam ? <td>{'teamName' in l ? l.teamName : ''}</td> : null}
            <td>{l.supporterName}</td><td>{kindLabel(l.kind)}</td><td>{duration(l.minutes)}</td>
            <td>{t(stateLabel(l.state))}{l.correctsId ? ` (${t('a correction')})` : ''}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function TeamLogsPage({ view, tz, filterErrors }: { view: TeamLogsView; tz: string; filterErrors: Record<string, string> }) {
  const state: FormState = { values: view.filter, errors: filterErrors, csrf: '' };
  const base = `/teams/${view.team.id}/care-logs`;
  const query = new URLSearchParams({ ...(view.filter.state ? { state: view.filter.state } : {}), ...(view.filter.month ? { month: view.filter.month } : {}) });
  return (
    <>
      <ErrorSummary errors={filterErrors} />
      <h1>{t('Care logs for {team}', { team: view.team.name })}</h1>
      <p>{t('Each log records support that happened. The supporter and the owner (or their advocate) both confirm it; once confirmed it never changes. Every time someone reads these logs it is recorded.')}</p>
      <p class="no-print">
        {view.mayAdd ? <><a href={`${base}/new`}>{t('Add a log for support that happened')}</a> · </> : null}<a href={`${base}/settings`}>{t('Auto-confirm: {state}', { state: view.autoConfirm.days > 0 ? t('after {n} days', { n: view.autoConfirm.days }) : t('off') })}</a>
      </p>
      <form method="get" action={base} class="no-print">
        <Select name="state" label={t('Show')} state={state} options={[{ value: '', label: t('Every state') }, ...careLogStates.map((s) => ({ value: s, label: t(stateLabel(s)) }))]} />
        <Field name="month" label={t('Month')} type="month" hint={t('Like 2026-11; leave empty for every month')} state={state} />
        <button type="submit">{t('Show these logs')}</button>
      </form>
      {view.logs.length === 0 ? <p>{t('No care logs match.')}</p> : <LogsTable logs={view.logs} tz={tz} caption={t('Newest first')} />}
      <Pager label={t('More care logs')} prev={view.prev ? `${base}?${new URLSearchParams({ ...Object.fromEntries(query), newer: view.prev }).toString()}` : null} next={view.next ? `${base}?${new URLSearchParams({ ...Object.fromEntries(query), before: view.next }).toString()}` : null} prevText={t('Newer logs')} nextText={t('Older logs')} />
    </>
  );
}

export function WaitingPage({ view, tz }: { view: WaitingView; tz: string }) {
  const disputes = view.logs.filter((l) => l.state === 'disputed');
  const mine = view.logs.filter((l) => l.state !== 'disputed');
  return (
    <>
      <h1>{t('Care logs waiting for you')}</h1>
      <p>{t("Logs you are asked to confirm, as the supporter or for the owner's side, and disputes you help to resolve.")}</p>
      <h2>{t('To confirm')}</h2>
      {mine.length === 0 ? <p>{t('Nothing is waiting for your confirmation.')}</p> : <LogsTable logs={mine} tz={tz} caption={t('Oldest first')} showTeam />}
      {disputes.length ? (
        <>
          <h2>{t('Disputes to resolve')}</h2>
          <LogsTable logs={disputes} tz={tz} caption={t('Oldest first')} showTeam />
        </>
      ) : null}
    </>
  );
}

export function AddLogForm({ state, teamId, teamName, supporters }: { state: FormState; teamId: string; teamName: string; supporters: Option[] | null }) {
  return (
    <>
      <h1>{t('Add a care log for {team}', { team: teamName })}</h1>
      <p>{t('Record support that happened. Your side confirms it now; the other side is asked to confirm.')}</p>
      <Form action={`/teams/${teamId}/care-logs/new`} state={state} submit={t('Add the log')}>
        {supporters ? <Select name="supporterId" label={t('Supporter')} state={state} options={supporters} /> : null}
        <Field name="startsAt" label={t('Started')} type="datetime-local" state={state} />
        <Field name="endsAt" label={t('Ended')} type="datetime-local" state={state} />
        <Field name="activity" label={t('What the support was, in a few words')} hint={t('For example: a walk and shopping. Keep health details for care notes.')} state={state} />
        <Select name="kind" label={t('Kind')} state={state} options={[{ value: '', label: t('As they joined the team') }, { value: 'volunteer', label: t('Volunteering') }, { value: 'paid', label: t('Paid support') }]} />
      </Form>
    </>
  );
}

export function SettingsForm({ state, teamId, teamName, coop, canSet }: { state: FormState; teamId: string; teamName: string; coop: number; canSet: boolean }) {
  return (
    <>
      <h1>{t('Auto-confirm for {team}', { team: teamName })}</h1>
      <p>{t('A log nobody responds to can confirm itself after a number of days. Logs with new times proposed, or disputed, never confirm themselves.')}</p>
      <p>{t("The co-op's setting: {value}.", { value: coop > 0 ? t('after {n} days', { n: coop }) : t('off') })}</p>
      {canSet ? (
        <Form action={`/teams/${teamId}/care-logs/settings`} state={state} submit={t('Save')}>
          <Field name="autoConfirmDays" label={t('Confirm by itself after this many days')} type="number" hint={t("0 turns it off; leave it empty to use the co-op's setting. At most 30.")} state={state} />
        </Form>
      ) : (
        <p>{t("This team's setting: {value}. The owner or their advocate can change it.", { value: state.values.autoConfirmDays === '' ? t("the co-op's") : t('{n} days (0 is off)', { n: String(state.values.autoConfirmDays) }) })}</p>
      )}
    </>
  );
}
