import { formatDateTime } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import { firstLine, type Notebook, type NoteView } from './read.ts';
import { Pager } from '../../../web/views/pager.tsx';
import { Table } from '../../../web/views/table.tsx';

export interface Person { id: string; name: string }

const readershipOptions = () => [
  { value: 'team', label: t("The team's people") },
  { value: 'chosen', label: t('Only the people I choose below') },
];

/** People to tick, in a fieldset whose error sits with its legend. */
function PeopleChoice({ state, people }: { state: FormState; people: Person[] }) {
  const chosen = new Set([state.values.chosen].flat().map(String));
  const error = state.errors.chosen;
  return (
    <fieldset id="field-chosen" aria-describedby={error ? 'field-chosen-error' : 'field-chosen-hint'}>
      <legend>{t('Who may read it, if only chosen people')}</legend>
      <small id="field-chosen-hint" class="hint">{t('The person who wrote it, the owner and their advocate can always read it.')}</small>
      {error ? <small id="field-chosen-error" class="field-error">{t('Error:')} {error}</small> : null}
      {people.length === 0 ? <p>{t('There is nobody else in the team to choose.')}</p> : null}
      {people.map((p) => (
        <label key={p.id} for={`field-chosen-${p.id}`}>
          <input id={`field-chosen-${p.id}`} type="checkbox" name="chosen" value={p.id} checked={chosen.has(p.id)} /> {p.name}
        </label>
      ))}
    </fieldset>
  );
}

function ReadershipFields({ state, people }: { state: FormState; people: Person[] }) {
  return (
    <>
      <Select name="readership" label={t('Who can read it')} state={state} options={readershipOptions()} />
      <PeopleChoice state={state} people={people} />
    </>
  );
}

export function NotebookPage({ book, tz }: { book: Notebook; tz: string }) {
  const id = book.team.id;
  return (
    <>
      <h1>{t('Care notes: {team}', { team: book.team.name })}</h1>
      <p>{t("The team's shared notebook about {team}'s support. Each note shows its first line here; open it to read it all. Every opening is recorded, and the owner can see who read what and why.", { team: book.team.name })}</p>
      <p class="no-print">
        {book.canWrite ? <><a href={`/teams/${id}/notes/new`}>{t('Write a note')}</a> · </> : null}
        <a href={`/teams/${id}/mar`}>{t('Medication record (MAR)')}</a>
      </p>
      {book.notes.length === 0 ? (
        <p>{t('There are no notes for you to read yet.')}</p>
      ) : (
        <Table caption={t('Notes, newest first')}>
          <thead>
            <tr><th scope="col">{t('Note')}</th><th scope="col">{t('Written by')}</th><th scope="col">{t('Last changed')}</th><th scope="col">{t('Who can read it')}</th></tr>
          </thead>
          <tbody>
            {book.notes.map((n) => (
              <tr key={n.id}>
                <td><a href={`/notes/${n.id}`}>{n.firstLine}</a>{n.amended ? ` (${t('amended')})` : ''}</td>
                <td>{n.authorName}</td>
                <td>{formatDateTime(n.updatedAt, tz)}</td>
                <td>{n.readership === 'team' ? t("The team's people") : t('Chosen people')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager label={t('More care notes')} prev={book.prev ? `/teams/${id}/notes?${new URLSearchParams({ newer: book.prev }).toString()}` : null} next={book.next ? `/teams/${id}/notes?${new URLSearchParams({ before: book.next }).toString()}` : null} prevText={t('Newer notes')} nextText={t('Older notes')} />
    </>
  );
}

export function WriteNoteForm({ state, teamId, teamName, people }: { state: FormState; teamId: string; teamName: string; people: Person[] }) {
  return (
    <>
      <h1>{t('Write a care note for {team}', { team: teamName })}</h1>
      <p>{t('Notes are never edited: a change is a new version with a reason, and the old one stays visible.')}</p>
      <Form action={`/teams/${teamId}/notes/new`} state={state} submit={t('Save the note')}>
        <Field name="text" label={t('The note')} hint={t('Up to 5000 characters. The first line is what the notebook shows.')} type="textarea" state={state} />
        <ReadershipFields state={state} people={people} />
      </Form>
    </>
  );
}

function versionLine(v: NoteView['versions'][number], tz: string): string {
  return v.version === 1
    ? t('Written {date} by {name}', { date: formatDateTime(v.createdAt, tz), name: v.authorName })
    : t('Amended {date} by {name}: {reason}', { date: formatDateTime(v.createdAt, tz), name: v.authorName, reason: v.reason });
}

export function NotePage({ view, tz }: { view: NoteView; tz: string }) {
  const { note, versions } = view;
  const [current, ...earlier] = versions;
  return (
    <>
      <h1>{firstLine(current?.text ?? '') || t('Care note')}</h1>
      <p>
        {t('Care note for {team}', { team: view.team.name })} · {versionLine(current as NoteView['versions'][number], tz)}
      </p>
      <div class="prose">{current?.text}</div>
      <p>
        <strong>{t('Who can read it:')}</strong>{' '}
        {note.readership === 'team'
          ? t("the team's people")
          : t('only {names}, the owner and their advocate', { names: [note.createdByName, ...note.chosen.map((c) => c.name)].join(', ') })}
      </p>
      {view.mayChange ? (
        <p class="no-print">
          <a href={`/notes/${note.id}/amend`}>{t('Amend this note')}</a> · <a href={`/notes/${note.id}/readership`}>{t('Change who can read it')}</a>
        </p>
      ) : null}
      {earlier.length ? (
        <section aria-labelledby="earlier-title">
          <h2 id="earlier-title">{t('Earlier versions')}</h2>
          <ol reversed>
            {earlier.map((v) => (
              <li key={v.version}>
                <p><strong>{t('Version {n}', { n: v.version })}</strong> · {versionLine(v, tz)}</p>
                <div class="prose">{v.text}</div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p>{t('Your reading of this note was recorded ({reason}).', { reason: view.readReason })}</p>
      <p class="no-print"><a href={`/teams/${note.teamId}/notes`}>{t('Back to the notebook')}</a></p>
    </>
  );
}

export function AmendNoteForm({ state, noteId }: { state: FormState; noteId: string }) {
  return (
    <>
      <h1>{t('Amend a care note')}</h1>
      <p>{t('Your change becomes a new version. The note as it was stays visible to everyone who can read it, with your reason.')}</p>
      <Form action={`/notes/${noteId}/amend`} state={state} submit={t('Save the amendment')}>
        <Field name="text" label={t('The note as it should read')} type="textarea" state={state} />
        <Field name="reason" label={t('Why you are amending it')} hint={t('For example: corrected the time.')} state={state} />
      </Form>
    </>
  );
}

export function ReadershipForm({ state, noteId, people, written }: { state: FormState; noteId: string; people: Person[]; written: string }) {
  return (
    <>
      <h1>{t('Change who can read a care note')}</h1>
      <p>{written}</p>
      <Form action={`/notes/${noteId}/readership`} state={state} submit={t('Save who can read it')}>
        <ReadershipFields state={state} people={people} />
      </Form>
      <p><a href={`/notes/${noteId}`}>{t('Back to the note')}</a></p>
    </>
  );
}
