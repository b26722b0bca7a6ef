import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { seal, unseal } from '../../../platform/encryption/envelope.ts';
import { type TeamFacts, isInTeam, teamFacts } from '../../teams/policy.ts';
import { careNoteVersions, careNotes, noteReaderships } from '../schema.ts';
import { choosable, loadNote, mayChangeNote } from './load.ts';

export const NOTE_MAX = 5000;

const noteText = z.string({ error: 'Write the note' }).trim().min(1, 'Write the note').max(NOTE_MAX, `Please keep a note to ${NOTE_MAX} characters or fewer`);
/** A form sends one ticked box as a string and several as a list; the API sends a list. */
const chosenList = z
  .union([z.array(z.string()), z.string(), z.null()], { error: 'Choose people from the list' })
  .optional()
  .transform((v) => (v == null || v === '' ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.uuid({ error: 'Choose people from the list' })).max(100, 'Choose fewer people'));
const readershipFields = {
  readership: z.enum(noteReaderships, { error: 'Choose who can read the note' }).default('team'),
  chosen: chosenList,
};

export const writeNoteInput = z.object({ text: noteText, ...readershipFields });
export const amendNoteInput = z.object({
  text: noteText,
  reason: z.string({ error: 'Say why you are amending it' }).trim().min(1, 'Say why you are amending it').max(500, 'Please keep the reason to 500 characters or fewer'),
});
export const readershipInput = z.object(readershipFields);

/**
 * Chosen readers must be the team's people; with the whole team reading, nobody is listed. The
 * owner and the advocate always read, so choosing them is accepted too (an advocate need not be
 * a member row of the team: the Team Starter names one at the start).
 */
function readership(facts: TeamFacts, v: { readership: 'team' | 'chosen'; chosen: string[] }) {
  const allowed = [...choosable(facts), facts.team.ownerId, ...(facts.advocateId ? [facts.advocateId] : [])];
  if (v.chosen.some((id) => !allowed.includes(id))) throw new Invalid({ chosen: 'Choose only people who are in the team' });
  return { readership: v.readership, chosen: v.readership === 'chosen' ? [...new Set(v.chosen)] : [] };
}

/** Anyone in the team writes in its notebook; the note's words are its first version. */
export async function writeNote(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<{ noteId: string }> {
  const facts = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  if (!isInTeam(ctx.actor, facts)) throw new NotFound('That team was not found.');
  const actor = requireActor(ctx.actor);
  const v = parseInput(writeNoteInput, raw);
  const who = readership(facts, v);
  const noteId = newId();
  await ctx.tx.insert(careNotes).values({ id: noteId, teamId: facts.team.id, ...who, latestVersion: 1, createdBy: actor.personId, createdAt: ctx.now, updatedAt: ctx.now });
  // The words are sealed under the team's data key (ADR 0024): the database never holds them in clear.
  await ctx.tx.insert(careNoteVersions).values({ noteId, version: 1, text: await seal(ctx.tx, facts.team.id, v.text), reason: await seal(ctx.tx, facts.team.id, ''), authorId: actor.personId, createdAt: ctx.now });
  // Never the words: events are read more widely than notes.
  await ctx.emit({ type: 'care.note-written', subjectType: 'care_note', subjectId: noteId, data: { teamId: facts.team.id, readership: who.readership, chosen: who.chosen.length } });
  return { noteId };
}

export const notChanger = () => new NotAllowed('Only the person who wrote a note, or the owner or their advocate, may change it.');

/** An amendment is a new version with its reason; every earlier version stays as it was (the table refuses edits). */
export async function amendNote(ctx: Ctx, raw: Record<string, unknown> & { noteId: string }): Promise<{ version: number }> {
  const { note, facts } = await loadNote(ctx.tx, ctx.actor, raw.noteId, ctx.now, true);
  if (!mayChangeNote(ctx.actor, facts, note)) throw notChanger();
  const actor = requireActor(ctx.actor);
  const v = parseInput(amendNoteInput, raw);
  const [latest] = await ctx.tx.select({ text: careNoteVersions.text }).from(careNoteVersions).where(and(eq(careNoteVersions.noteId, note.id), eq(careNoteVersions.version, note.latestVersion)));
  if (latest && (await unseal(ctx.tx, latest.text)) === v.text) throw new Invalid({ text: 'The text is the same as now: change it, or leave the note as it is' });
  const version = note.latestVersion + 1;
  await ctx.tx.insert(careNoteVersions).values({ noteId: note.id, version, text: await seal(ctx.tx, facts.team.id, v.text), reason: await seal(ctx.tx, facts.team.id, v.reason), authorId: actor.personId, createdAt: ctx.now });
  await ctx.tx.update(careNotes).set({ latestVersion: version, updatedAt: ctx.now }).where(eq(careNotes.id, note.id));
  await ctx.emit({ type: 'care.note-amended', subjectType: 'care_note', subjectId: note.id, data: { teamId: facts.team.id, version } });
  return { version };
}

/** Who reads a note: the whole team, or chosen people (the author, owner and advocate always do). */
export async function setNoteReadership(ctx: Ctx, raw: Record<string, unknown> & { noteId: string }): Promise<{ readership: string }> {
  const { note, facts } = await loadNote(ctx.tx, ctx.actor, raw.noteId, ctx.now, true);
  if (!mayChangeNote(ctx.actor, facts, note)) throw notChanger();
  const who = readership(facts, parseInput(readershipInput, raw));
  await ctx.tx.update(careNotes).set(who).where(eq(careNotes.id, note.id));
  await ctx.emit({ type: 'care.note-readership', subjectType: 'care_note', subjectId: note.id, data: { teamId: facts.team.id, readership: who.readership, chosen: who.chosen.length } });
  return { readership: who.readership };
}
