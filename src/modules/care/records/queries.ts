import { and, eq, inArray } from 'drizzle-orm';
import type { ChainHead } from '../../../platform/access-log.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Checkpoints } from '../../../platform/checkpoints.ts';
import type { Db } from '../../../platform/db.ts';
import { NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { pageOf, seqKeyset, seqPageFrom } from '../../../platform/keyset.ts';
import { accessLog } from '../../../platform/schema.ts';
import { circles } from '../../circles/schema.ts';
import { people } from '../../people/schema.ts';
import { teams } from '../../teams/schema.ts';
import { isSpecialReason } from './policy.ts';

export const PAGE_SIZE = 50;

/** Whose lists this person may see: their own, and those of the owners they are advocate for. */
export async function ownersFor(db: Db, actor: Actor): Promise<{ id: string; name: string; self: boolean }[]> {
  const [me] = await db.select({ name: people.name }).from(people).where(eq(people.id, actor.personId));
  const advocated = await db
    .selectDistinct({ id: people.id, name: people.name })
    .from(teams)
    .innerJoin(circles, eq(circles.id, teams.circleId))
    .innerJoin(people, eq(people.id, circles.ownerId))
    .where(eq(teams.advocateId, actor.personId))
    .orderBy(people.name)
    .limit(50);
  return [{ id: actor.personId, name: me?.name ?? actor.name, self: true }, ...advocated.filter((o) => o.id !== actor.personId).map((o) => ({ ...o, self: false }))];
}

/** A record type in words, and where the owner may follow it (never to a record they cannot read). */
export function describeRecord(recordType: string, recordId: string): { what: string; href: string | null } {
  switch (recordType) {
    case 'care_note':
      return { what: 'A care note', href: isUuid(recordId) ? `/notes/${recordId}` : null };
    case 'mar': {
      const [teamId, date] = recordId.split(':');
      return { what: `The medication record (MAR) for ${date ?? ''}`.trim(), href: isUuid(teamId) && date ? `/teams/${teamId}/mar?date=${date}` : null };
    }
    case 'care_log':
      return { what: 'A care log', href: isUuid(recordId) ? `/care-logs/${recordId}` : null };
    case 'care_log_list':
      return { what: 'The list of care logs', href: isUuid(recordId) ? `/teams/${recordId}/care-logs` : null };
    case 'statement':
      return { what: 'A statement of paid support', href: isUuid(recordId) ? `/teams/${recordId}/money` : null };
    case 'expense-receipt':
      return { what: "A paid worker's expense receipt", href: null };
    case 'records_opened':
      return { what: 'Records opened (special access for 24 hours)', href: null };
    case 'profile.essentials':
      return { what: 'Essentials in your Getting Support Profile', href: isUuid(recordId) ? `/teams/${recordId}/profile` : null };
    case 'concern':
      return { what: 'A concern about your team', href: null };
    case 'conflict':
      return { what: 'A conflict support record', href: null };
    case 'starter-enquiry':
      return { what: 'Your enquiry to start a team', href: null };
    default:
      return { what: recordType.replace(/[_.-]/g, ' '), href: null };
  }
}

/**
 * Every access-log entry about the owner's records, newest first, a page at a time by keyset on
 * seq both ways (the access_log (owner_id, seq) index; seq is unique, so entries written at the
 * same instant are told apart by it): older after ?before= (`next`), newer again after ?newer=
 * (`prev`). Only the owner and their advocate see it: anyone else gets "not found", admins
 * included. Reading it writes nothing to the log.
 */
export async function whoHasSeen(db: Db, actor: Actor, input: { ownerId?: unknown; before?: unknown; newer?: unknown }) {
  const owners = await ownersFor(db, actor);
  const ownerId = input.ownerId === undefined || input.ownerId === '' ? actor.personId : input.ownerId;
  const owner = owners.find((o) => o.id === ownerId);
  if (!owner) throw new NotFound('There is no list of records for you to see there.');
  // Newest first: an older page ("before") is after the cursor in the list's order, a newer one before it.
  const from = seqPageFrom({ after: input.before, before: input.newer });
  const page = seqKeyset(accessLog.seq, from, 'desc');
  const rows = await db
    .select({ seq: accessLog.seq, at: accessLog.at, actorId: accessLog.actorId, name: people.name, recordType: accessLog.recordType, recordId: accessLog.recordId, reason: accessLog.reason })
    .from(accessLog)
    .leftJoin(people, eq(people.id, accessLog.actorId))
    .where(and(eq(accessLog.ownerId, owner.id), page.where))
    .orderBy(...page.orderBy)
    .limit(PAGE_SIZE + 1);
  const shown = pageOf(rows, from, PAGE_SIZE, (r) => r.seq);
  const entries = shown.rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    who: r.name ?? 'The system',
    whoId: r.actorId,
    recordType: r.recordType,
    ...describeRecord(r.recordType, r.recordId),
    reason: r.reason,
    special: r.recordType === 'records_opened' || isSpecialReason(r.reason),
  }));
  // The cursors are seqs, numbers as the API has always given `next`.
  const seqOrNull = (cursor: string | null) => (cursor === null ? null : Number(cursor));
  return { owner, owners, entries, next: seqOrNull(shown.next), prev: seqOrNull(shown.prev) };
}

export type WhoHasSeen = Awaited<ReturnType<typeof whoHasSeen>>;

export interface Seal {
  at: string;
  accessLog: ChainHead;
  teams: { name: string; head: ChainHead | null }[];
}

/**
 * Where the latest signed checkpoint saw the chains this owner's records are in end: the access
 * log, and the care logs of each team that is theirs. Shown to the owner so that a chain cut
 * short or written again later would show a different seal than the one they saw.
 */
export async function sealFor(db: Db, ownerId: string, store: Checkpoints): Promise<Seal | null> {
  const latest = store.latest();
  if (!latest) return null;
  const theirs = await db
    .select({ id: teams.circleId, name: circles.name })
    .from(teams)
    .innerJoin(circles, eq(circles.id, teams.circleId))
    .where(eq(circles.ownerId, ownerId))
    .orderBy(circles.name)
    .limit(20);
  return { at: latest.at, accessLog: latest.accessLog, teams: theirs.map((x) => ({ name: x.name, head: latest.careLogs[x.id] ?? null })) };
}

/** Names for ids, for forms and pages. */
export async function namesOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, unique));
  return new Map(rows.map((p) => [p.id, p.name]));
}
