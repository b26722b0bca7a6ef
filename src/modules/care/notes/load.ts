import { eq } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import type { Db, Tx } from '../../../platform/db.ts';
import { NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { type TeamFacts, isInTeam, isOwnerSide, teamFacts } from '../../teams/policy.ts';
import { recordReadReason } from '../records/policy.ts';
import { careNotes } from '../schema.ts';

export const NOTE_RECORD = 'care_note';

export type Note = typeof careNotes.$inferSelect;

export const noteNotFound = () => new NotFound('That note was not found.');

/** With a chosen readership, only these team people read it (besides the owner and advocate, always). */
export const chosenReaders = (note: Pick<Note, 'readership' | 'chosen' | 'createdBy'>): string[] | undefined =>
  note.readership === 'chosen' ? [note.createdBy, ...note.chosen] : undefined;

/** The author and the owner's side change a note (amend it, or who reads it), while they are in the team. */
export const mayChangeNote = (actor: Actor | null, facts: TeamFacts, note: Pick<Note, 'createdBy'>): boolean =>
  !!actor && isInTeam(actor, facts) && (actor.personId === note.createdBy || isOwnerSide(actor, facts));

/**
 * A note, the team's facts and why this person may read it: "not found" to anyone outside its
 * readership, admins included, so a note's existence is not given away either.
 */
export async function loadNote(db: Db | Tx, actor: Actor | null, noteId: unknown, now: Date, lock = false) {
  if (!isUuid(noteId)) throw noteNotFound();
  const query = db.select().from(careNotes).where(eq(careNotes.id, noteId));
  const [note] = lock ? await query.for('update') : await query;
  if (!note) throw noteNotFound();
  const facts = await teamFacts(db, note.teamId, now);
  const reason = await recordReadReason(db, actor, facts, now, chosenReaders(note));
  if (!reason) throw noteNotFound();
  return { note, facts, reason };
}

/** The people a note's readership may name: the team's members (the owner and advocate always read). */
export const choosable = (facts: TeamFacts): string[] => facts.memberIds.filter((id) => id !== facts.team.ownerId && id !== facts.advocateId);
