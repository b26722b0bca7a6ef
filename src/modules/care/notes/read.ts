import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { recordAccess } from '../../../platform/access-log.ts';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { NotFound } from '../../../platform/errors.ts';
import { unseal } from '../../../platform/encryption/envelope.ts';
import { keyset, pageFrom, pageOf } from '../../../platform/keyset.ts';
import { people } from '../../people/schema.ts';
import { isInTeam, isOwnerSide, teamFacts } from '../../teams/policy.ts';
import { namesOf } from '../records/queries.ts';
import { recordReadReason } from '../records/policy.ts';
import { careNoteVersions, careNotes } from '../schema.ts';
import { NOTE_RECORD, choosable, loadNote, mayChangeNote } from './load.ts';
import { notChanger } from './commands.ts';

export const NOTES_PAGE = 20;

/**
 * Read one note with every version, newest first. The read is written to the access log with
 * the reason the reader may see it (never the words), before anything is returned.
 */
export async function readNote(ctx: Ctx, input: { noteId: string; toChange?: boolean }) {
  const actor = requireActor(ctx.actor);
  const { note, facts, reason } = await loadNote(ctx.tx, actor, input.noteId, ctx.now);
  // The amend form starts from the note as it reads now: only who may change it reads it there,
  // refused before the read is logged, on the one load of the note and its team.
  if (input.toChange && !mayChangeNote(actor, facts, note)) throw notChanger();
  await recordAccess(ctx.tx, ctx.now, { actorId: actor.personId, recordType: NOTE_RECORD, recordId: note.id, ownerId: facts.team.ownerId, reason });
  const sealed = await ctx.tx
    .select({ version: careNoteVersions.version, text: careNoteVersions.text, reason: careNoteVersions.reason, authorId: careNoteVersions.authorId, authorName: people.name, createdAt: careNoteVersions.createdAt })
    .from(careNoteVersions)
    .innerJoin(people, eq(people.id, careNoteVersions.authorId))
    .where(eq(careNoteVersions.noteId, note.id))
    .orderBy(desc(careNoteVersions.version))
    .limit(200);
  // Opened here, in the one read every caller goes through (pages, API, the subject-access export).
  const versions = [];
  for (const v of sealed) versions.push({ ...v, text: await unseal(ctx.tx, v.text), reason: await unseal(ctx.tx, v.reason) });
  const names = await namesOf(ctx.tx, [note.createdBy, ...note.chosen]);
  return {
    note: { id: note.id, teamId: note.teamId, readership: note.readership, chosen: note.chosen.map((id) => ({ id, name: names.get(id) ?? '' })), createdBy: note.createdBy, createdByName: names.get(note.createdBy) ?? '', createdAt: note.createdAt, updatedAt: note.updatedAt, latestVersion: note.latestVersion },
    team: facts.team,
    versions,
    readReason: reason,
    mayChange: mayChangeNote(actor, facts, note),
  };
}

export type NoteView = Awaited<ReturnType<typeof readNote>>;

/** The first line of a note, cut short: what the notebook shows without opening (and logging) the note. */
export const firstLine = (text: string, max = 80): string => {
  const line = text.split('\n').find((l) => l.trim())?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/**
 * The notebook, newest first, a page at a time by keyset on (updated_at, id) both ways (ADR
 * 0029): older notes after ?before= (the `next` cursor), newer again after ?newer= (`prev`).
 * The notes this person may read, each by its first line only. Opening a note is the logged
 * read; the list itself is not logged, so it shows no more than that first line.
 */
export async function listNotes(db: Db, ctx: { actor: Ctx['actor']; now: Date }, input: { teamId: unknown; before?: unknown; newer?: unknown }) {
  const actor = requireActor(ctx.actor);
  const facts = await teamFacts(db, input.teamId, ctx.now);
  const reason = await recordReadReason(db, actor, facts, ctx.now);
  if (!reason) throw new NotFound('That team was not found.');
  // Members who are not the owner's side see chosen notes only where they are chosen or wrote them;
  // the owner's side and special access see every note.
  const member = isInTeam(actor, facts) && !isOwnerSide(actor, facts);
  // Newest first: an older page ("before") is after the cursor in the list's order, a newer one before it.
  const from = pageFrom({ after: input.before, before: input.newer });
  const order = keyset(careNotes.updatedAt, careNotes.id, from, 'desc');
  const rows = await db
    .select({ id: careNotes.id, readership: careNotes.readership, createdBy: careNotes.createdBy, createdAt: careNotes.createdAt, updatedAt: careNotes.updatedAt, latestVersion: careNotes.latestVersion, text: careNoteVersions.text })
    .from(careNotes)
    .innerJoin(careNoteVersions, and(eq(careNoteVersions.noteId, careNotes.id), eq(careNoteVersions.version, careNotes.latestVersion)))
    .where(
      and(
        eq(careNotes.teamId, facts.team.id),
        member ? or(eq(careNotes.readership, 'team'), eq(careNotes.createdBy, actor.personId), sql`${careNotes.chosen} @> ${JSON.stringify([actor.personId])}::jsonb`) : undefined,
        order.where,
      ),
    )
    .orderBy(...order.orderBy)
    .limit(NOTES_PAGE + 1);
  const { rows: shown, prev, next } = pageOf(rows, from, NOTES_PAGE, (r) => ({ at: r.updatedAt, id: r.id }));
  const page = [];
  for (const r of shown) page.push({ ...r, text: await unseal(db, r.text) });
  const names = await namesOf(db, page.map((r) => r.createdBy));
  const canWrite = isInTeam(actor, facts);
  const ids = choosable(facts);
  const teamPeople = canWrite && ids.length ? await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, ids)).orderBy(people.name) : [];
  return {
    team: facts.team,
    readReason: reason,
    canWrite,
    teamPeople,
    notes: page.map((r) => ({ id: r.id, firstLine: firstLine(r.text), readership: r.readership, authorName: names.get(r.createdBy) ?? '', createdAt: r.createdAt, updatedAt: r.updatedAt, amended: r.latestVersion > 1 })),
    next,
    prev,
  };
}

export type Notebook = Awaited<ReturnType<typeof listNotes>>;
