import { formatDate, formatDateTime } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { Checkbox, ErrorSummary, Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import type { ConflictView } from '../load.ts';
import { conflictStepsFrom, conflictTable, conflictWays, stateLabel } from '../machine.ts';
import type { visibleConcerns, visibleConflicts } from '../queries.ts';
import { type Option, ReadersTable } from './concern-page.tsx';
import { Table } from '../../../web/views/table.tsx';
import { listHref, Pager } from '../../../web/views/pager.tsx';

const wayOptions = (step: keyof typeof conflictWays): Option[] => Object.entries(conflictWays[step]).map(([value, label]) => ({ value, label: t(label) }));
const wayLabel = (way: string | null): string => {
  for (const ways of Object.values(conflictWays)) if (way && way in ways) return t((ways as Record<string, string>)[way] as string);
  return '';
};

export function ConcernList({ concerns: concernPage, conflicts: conflictPage, teams, query, tz }: { concerns: Awaited<ReturnType<typeof visibleConcerns>>; conflicts: Awaited<ReturnType<typeof visibleConflicts>>; teams: { id: string; name: string }[]; query: Record<string, unknown>; tz: string }) {
  const concerns = concernPage.items;
  const conflicts = conflictPage.items;
  // A link to another page of one list keeps where the other list is.
  const href = (prefix: string, cursor: { after: string } | { before: string }, fragment: string) => listHref('/concerns', query, prefix, cursor, fragment);
  return (
    <>
      <h1>{t('Concerns and conflict support')}</h1>
      <p>{t('Only the people who need to see a concern can see it, and every time someone reads one it is recorded.')}</p>
      {teams.length > 0 ? (
        <ul class="plain-list">
          {teams.map((team) => (
            <li key={team.id}>
              <a href={`/teams/${team.id}/concerns/new`}>{t('Raise a concern about {team}', { team: team.name })}</a> ·{' '}
              <a href={`/teams/${team.id}/conflicts/new`}>{t('Ask for conflict support in {team}', { team: team.name })}</a>
            </li>
          ))}
        </ul>
      ) : null}
      <h2 id="concerns">{t('Concerns you can see')}</h2>
      {concerns.length === 0 && !concernPage.prev && !concernPage.next ? <p>{t('There are no concerns for you to see.')}</p> : (
        <Table caption={t('Concerns you can see')} hideCaption>
          <thead><tr><th scope="col">{t('Concern')}</th><th scope="col">{t('Team')}</th><th scope="col">{t('Where it is')}</th><th scope="col">{t('Raised')}</th></tr></thead>
          <tbody>
            {concerns.map((c) => (
              <tr key={c.id}>
                <td><a href={`/concerns/${c.id}`}>{c.summary}</a>{c.safeguarding ? ` (${t('safeguarding')})` : ''}</td>
                <td>{c.teamName}</td><td>{t(stateLabel(c.state))}</td><td>{formatDate(c.createdAt, tz)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager label={t('More concerns')} prev={concernPage.prev ? href('concerns_', { before: concernPage.prev }, '#concerns') : null} next={concernPage.next ? href('concerns_', { after: concernPage.next }, '#concerns') : null} prevText={t('Newer concerns')} nextText={t('Older concerns')} />
      <h2 id="conflicts">{t('Conflict support you can see')}</h2>
      {conflicts.length === 0 && !conflictPage.prev && !conflictPage.next ? <p>{t('There is no conflict support for you to see.')}</p> : (
        <Table caption={t('Conflict support you can see')} hideCaption>
          <thead><tr><th scope="col">{t('About')}</th><th scope="col">{t('Team')}</th><th scope="col">{t('Where it is')}</th><th scope="col">{t('Asked for')}</th></tr></thead>
          <tbody>
            {conflicts.map((c) => (
              <tr key={c.id}><td><a href={`/conflicts/${c.id}`}>{c.summary}</a></td><td>{c.teamName}</td><td>{t(stateLabel(c.state))}</td><td>{formatDate(c.createdAt, tz)}</td></tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager label={t('More conflict support')} prev={conflictPage.prev ? href('conflicts_', { before: conflictPage.prev }, '#conflicts') : null} next={conflictPage.next ? href('conflicts_', { after: conflictPage.next }, '#conflicts') : null} prevText={t('Newer requests')} nextText={t('Older requests')} />
    </>
  );
}

export function RaiseConcernForm({ state, teamId, teamName, people }: { state: FormState; teamId: string; teamName: string; people: Option[] }) {
  return (
    <>
      <h1>{t('Raise a concern about {team}', { team: teamName })}</h1>
      <p>{t("It will be seen by you, the team's owner and advocate, the team's Safeguarding Lead and the Local Circle's Team Starter and Coach. If it is about someone, they will not see it.")}</p>
      <Form action={`/teams/${teamId}/concerns/new`} state={state} submit={t('Raise the concern')}>
        <Field name="summary" label={t('What is the concern about, in a line?')} state={state} />
        <Field name="details" label={t('What happened, or what worries you?')} type="textarea" state={state} />
        <Checkbox name="safeguarding" label={t('This is a safeguarding concern: someone may be at risk of harm, abuse or neglect')} state={state} />
        <Select name="aboutPersonId" label={t('Is it about someone in the team? They will not see it.')} state={state} options={[{ value: '', label: t('Nobody in particular') }, ...people]} />
      </Form>
    </>
  );
}

/** People to tick, in a fieldset whose error sits with its legend. */
function PeopleChoice({ name, legend, state, people }: { name: string; legend: string; state: FormState; people: Option[] }) {
  const chosen = new Set([state.values[name]].flat().map(String));
  const error = state.errors[name];
  return (
    <fieldset id={`field-${name}`} aria-describedby={error ? `field-${name}-error` : undefined}>
      <legend>{legend}</legend>
      {error ? <small id={`field-${name}-error`} class="field-error">{t('Error:')} {error}</small> : null}
      {people.map((p) => (
        <label key={p.value} for={`field-${name}-${p.value}`}>
          <input id={`field-${name}-${p.value}`} type="checkbox" name={name} value={p.value} checked={chosen.has(p.value)} /> {p.label}
        </label>
      ))}
    </fieldset>
  );
}

export function OpenConflictForm({ state, teamId, teamName, people }: { state: FormState; teamId: string; teamName: string; people: Option[] }) {
  return (
    <>
      <h1>{t('Ask for conflict support in {team}', { team: teamName })}</h1>
      <p>{t("Step 1 is talking it through: directly, or with a coach or a trusted member. The people involved, the team's owner and the Local Circle's coaches see this record.")}</p>
      <Form action={`/teams/${teamId}/conflicts/new`} state={state} submit={t('Start conflict support')}>
        <Field name="summary" label={t('What is the disagreement about, in a line?')} state={state} />
        <PeopleChoice name="involved" legend={t('Who is involved?')} state={state} people={people} />
        <Select name="way" label={t('How is step 1 being taken?')} state={state} options={wayOptions('step_1')} />
        <Field name="note" label={t('How is it going?')} type="textarea" state={state} />
      </Form>
    </>
  );
}

export function ConflictPage({ view, state, pageError, tz }: { view: ConflictView; state: FormState; pageError?: string; tz: string }) {
  const { conflict: c } = view;
  const next = conflictStepsFrom(c.state);
  const upTo = c.state === 'step_1' ? 'step_2' : c.state === 'step_2' ? 'step_3' : null;
  return (
    <>
      {pageError ? <ErrorSummary errors={{ _form: pageError }} /> : null}
      <h1>{c.summary}</h1>
      <p>
        {t('Conflict support in {team}', { team: view.team.name })} · <strong>{t(stateLabel(c.state))}</strong>
        {c.state !== 'resolved' ? ` · ${wayLabel(c.way)}` : ''}
      </p>
      <p>{t('Involved: {names}', { names: view.involved.map((p) => p.name).join(', ') })}</p>
      {c.resolution ? <p class="prose">{t('Resolved: {note}', { note: c.resolution })}</p> : null}
      <h2>{t('What has happened so far')}</h2>
      <ol>
        {view.steps.map((s) => (
          <li key={s.id}>
            <strong>{s.step === 'open' ? t('Step 1') : t((conflictTable as Record<string, { label: string }>)[s.step]?.label ?? s.step)}</strong>
            {s.way ? ` (${wayLabel(s.way)})` : ''} · {formatDateTime(s.at, tz)} · {s.byName}
            <p class="prose">{s.note}</p>
          </li>
        ))}
      </ol>
      {next.length > 0 ? (
        <section aria-labelledby="next-title">
          <h2 id="next-title">{t('What happens next')}</h2>
          <Form action={`/conflicts/${c.id}/steps`} state={state} submit={t('Record this step')}>
            <Select name="step" label={t('Step')} state={state} options={next.map((s) => ({ value: s, label: t(conflictTable[s].label) }))} />
            {upTo ? <Select name="way" label={t('If moving up: how is the next step being taken?')} state={state} options={[{ value: '', label: t('Not moving up') }, ...wayOptions(upTo)]} /> : null}
            <Field name="note" label={t('Why it is moving up, or how it was resolved')} type="textarea" state={state} />
          </Form>
        </section>
      ) : null}
      <ReadersTable readers={view.readers} tz={tz} caption={t('Who has read this record')} />
    </>
  );
}
