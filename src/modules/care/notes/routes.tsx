import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inArray } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import { run } from '../../../platform/context.ts';
import { NotFound } from '../../../platform/errors.ts';
import { formPage } from '../../../web/form-page.tsx';
import { formatDateTime } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { sendPage } from '../../../web/render.tsx';
import { addRoute, jsonBody, idParam } from '../../../web/routing.ts';
import { people } from '../../people/schema.ts';
import { isInTeam, teamFacts } from '../../teams/policy.ts';
import { A } from '../actions.ts';
import { amendNote, amendNoteInput, notChanger, readershipInput, setNoteReadership, writeNote, writeNoteInput } from './commands.ts';
import { choosable, loadNote, mayChangeNote } from './load.ts';
import { listNotes, readNote } from './read.ts';
import { AmendNoteForm, NotePage, NotebookPage, type Person, ReadershipForm, WriteNoteForm } from './views.tsx';

/** The team's notebook: pages and the same commands and reads as JSON. */
export function registerNotesRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const id = idParam;
  /** Where a page of the notebook starts: older after ?before=, newer again after ?newer=. */
  const cursors = (req: FastifyRequest) => {
    const q = req.query as { before?: string; newer?: string };
    return { before: q.before, newer: q.newer };
  };
  const peopleOf = async (ids: string[]): Promise<Person[]> => (ids.length ? db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, ids)).orderBy(people.name) : []);
  /** Only the team's people write: everyone else is told the team was not found. */
  const writable = async (req: FastifyRequest) => {
    const facts = await teamFacts(db, id(req), deps.clock.now());
    if (!isInTeam(req.actor, facts)) throw new NotFound(t('That team was not found.'));
    return { facts, people: await peopleOf(choosable(facts)) };
  };
  /** The note's readership form: who reads it is not its content, so showing it is not a logged read. */
  const changeable = async (req: FastifyRequest) => {
    const { note, facts } = await loadNote(db, requireActor(req.actor), id(req), deps.clock.now());
    if (!mayChangeNote(req.actor, facts, note)) throw notChanger();
    return { note, people: await peopleOf(choosable(facts)) };
  };

  addRoute(app, {
    method: 'GET', url: '/teams/:id/notes', action: A.notesRead, kind: 'page', summary: "The team's care notebook, newest first (first lines; opening a note is logged)",
    handler: async (req, reply) => {
      const book = await listNotes(db, { actor: req.actor, now: deps.clock.now() }, { teamId: id(req), ...cursors(req) });
      return sendPage(req, reply, { title: t('Care notes'), body: <NotebookPage book={book} tz={tz} /> });
    },
  });
  formPage(app, {
    url: '/teams/:id/notes/new', action: A.notesWrite, title: t('Write a care note'), summary: 'Write a care note in the team notebook', body: writeNoteInput,
    initial: async (req) => (await writable(req), { readership: 'team' }),
    view: async (req, state) => {
      const { facts, people: choices } = await writable(req);
      return <WriteNoteForm state={state} teamId={facts.team.id} teamName={facts.team.name} people={choices} />;
    },
    submit: async (req, reply, values) => {
      const { noteId } = await run(deps, req.actor, writeNote, { ...values, teamId: id(req) });
      return reply.redirect(`/notes/${noteId}`, 303);
    },
  });
  addRoute(app, {
    method: 'GET', url: '/notes/:id', action: A.notesRead, kind: 'page', summary: 'A care note with all its versions (the read is logged)',
    handler: async (req, reply) => {
      const view = await run(deps, req.actor, readNote, { noteId: id(req) });
      return sendPage(req, reply, { title: t('Care note'), body: <NotePage view={view} tz={tz} /> });
    },
  });
  formPage(app, {
    url: '/notes/:id/amend', action: A.notesWrite, title: t('Amend a care note'), summary: 'Amend a care note: a new version with a reason',
    body: amendNoteInput,
    // The form starts from the note as it reads now: that is a read, so it is logged. A form sent
    // back with a mistake shows only what was typed, so it is not.
    initial: async (req) => {
      const view = await run(deps, req.actor, readNote, { noteId: id(req), toChange: true });
      return { text: view.versions[0]?.text ?? '' };
    },
    view: (req, state) => <AmendNoteForm state={state} noteId={id(req)} />,
    submit: async (req, reply, values) => {
      await run(deps, req.actor, amendNote, { ...values, noteId: id(req) });
      return reply.redirect(`/notes/${id(req)}`, 303);
    },
  });
  formPage(app, {
    url: '/notes/:id/readership', action: A.notesWrite, title: t('Change who can read a care note'), summary: 'Change who can read a care note (the author or the owner\'s side)',
    body: readershipInput,
    load: changeable,
    initial: (_req, { note }) => ({ readership: note.readership, chosen: note.chosen }),
    view: (_req, state, { note, people: choices }) => {
      return <ReadershipForm state={state} noteId={note.id} people={choices} written={t('A note written {date}.', { date: formatDateTime(note.createdAt, tz) })} />;
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, setNoteReadership, { ...values, noteId: id(req) });
      return reply.redirect(`/notes/${id(req)}`, 303);
    },
  });

  addRoute(app, {
    method: 'GET', url: '/api/v1/teams/:id/notes', action: A.notesRead, kind: 'api', summary: "The team's notes you may read, newest first (first lines; ?before= the `next` cursor for older notes, ?newer= the `prev` cursor for newer)",
    handler: async (req) => {
      const book = await listNotes(db, { actor: req.actor, now: deps.clock.now() }, { teamId: id(req), ...cursors(req) });
      return { team: book.team, notes: book.notes, next: book.next, prev: book.prev };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/notes', action: A.notesWrite, kind: 'api', summary: 'Write a care note (readership: team, or chosen with chosen person ids)', body: writeNoteInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, writeNote, { ...jsonBody(req), teamId: id(req) })),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/notes/:id', action: A.notesRead, kind: 'api', summary: 'A care note with all its versions (the read is logged)',
    handler: async (req) => {
      const view = await run(deps, req.actor, readNote, { noteId: id(req) });
      return { note: view.note, team: { id: view.team.id, name: view.team.name }, versions: view.versions, readReason: view.readReason };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/notes/:id/versions', action: A.notesWrite, kind: 'api', summary: 'Amend a care note: a new version with a reason', body: amendNoteInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, amendNote, { ...jsonBody(req), noteId: id(req) })),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/notes/:id/readership', action: A.notesWrite, kind: 'api', summary: 'Change who can read a care note', body: readershipInput,
    handler: async (req) => run(deps, req.actor, setNoteReadership, { ...jsonBody(req), noteId: id(req) }),
  });
}
