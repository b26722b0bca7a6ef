import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { type Db, fixedStatement } from '../../platform/db.ts';
import { Invalid } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { preparedStatement } from '../../platform/prepared.ts';
import { isoDate } from '../circles/dates.ts';
import { people } from '../people/schema.ts';
import { chatMessages } from './schema.ts';

export interface ChatMessage {
  id: string;
  circleId: string;
  kind: 'user' | 'system';
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: Date;
}

/** A place in a channel's history: messages are ordered by (time, id), so ties never skip one. */
export interface Cursor {
  at: Date;
  id: string;
}

export const encodeCursor = (m: Cursor): string => `${m.at.toISOString()}_${m.id}`;

/** A cursor from a page's link (?before= older messages, ?after= newer); a broken one is a 422 on that field. */
export function decodeCursor(value: unknown, field: 'before' | 'after' = 'before'): Cursor | undefined {
  if (value === undefined || value === '') return undefined;
  const [at, id] = typeof value === 'string' ? value.split('_') : [];
  const date = new Date(at ?? '');
  if (!isUuid(id) || Number.isNaN(date.getTime())) throw new Invalid({ [field]: `That link to ${field === 'before' ? 'older' : 'newer'} messages is not valid. Go back to the latest messages.` });
  return { at: date, id };
}

const columns = {
  id: chatMessages.id,
  circleId: chatMessages.circleId,
  kind: chatMessages.kind,
  authorId: chatMessages.authorId,
  authorName: people.name,
  body: chatMessages.body,
  createdAt: chatMessages.createdAt,
};
const position = sql`(${chatMessages.createdAt}, ${chatMessages.id})`;
const tuple = (c: Cursor) => sql`(${c.at.toISOString()}::timestamptz, ${c.id}::uuid)`;

export async function getMessage(db: Db, messageId: string): Promise<ChatMessage | null> {
  if (!isUuid(messageId)) return null;
  const [row] = await db.select(columns).from(chatMessages).leftJoin(people, eq(people.id, chatMessages.authorId)).where(eq(chatMessages.id, messageId));
  return row ?? null;
}

// The chat page's history, its hottest statement, prepared (ADR 0023): the latest page, a page
// before a cursor (older) and one after it (newer), by keyset on (created_at, id) both ways as
// platform/keyset.ts does, written here with placeholders so that each is built once.
const historyQuery = (db: Db, from: 'latest' | 'before' | 'after') =>
  db.select(columns).from(chatMessages).leftJoin(people, eq(people.id, chatMessages.authorId))
    .where(and(
      eq(chatMessages.circleId, sql.placeholder('circleId')),
      from === 'before' ? sql`${position} < (${sql.placeholder('at')}::timestamptz, ${sql.placeholder('id')}::uuid)` : undefined,
      from === 'after' ? sql`${position} > (${sql.placeholder('at')}::timestamptz, ${sql.placeholder('id')}::uuid)` : undefined,
    ))
    .orderBy(...(from === 'after' ? [asc(chatMessages.createdAt), asc(chatMessages.id)] : [desc(chatMessages.createdAt), desc(chatMessages.id)]))
    .limit(sql.placeholder('limit'));
const latestHistory = preparedStatement('chat_history_latest', (db) => historyQuery(db, 'latest'));
const historyBefore = preparedStatement('chat_history_before', (db) => historyQuery(db, 'before'));
const historyAfter = preparedStatement('chat_history_after', (db) => historyQuery(db, 'after'));

/**
 * One page of history, oldest first: the latest messages, those just before `before`, or those
 * just after `after`; with the cursors of the page of older messages and of newer ones (null
 * when there are none: `newer` is null on the latest page).
 */
export async function listMessages(db: Db, circleId: string, options: { before?: Cursor | undefined; after?: Cursor | undefined; limit?: number } = {}) {
  const limit = options.limit ?? 30;
  const { before, after } = options;
  const cursor = after ?? before;
  const rows = cursor
    ? await (after ? historyAfter : historyBefore)(db, { circleId, at: cursor.at.toISOString(), id: cursor.id, limit: limit + 1 })
    : await latestHistory(db, { circleId, limit: limit + 1 });
  // Read towards older messages, the latest page and an older one are turned round; a newer page
  // is read in the page's own order. Either way the extra row says whether a page lies beyond.
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (!after) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const at = (m: ChatMessage | undefined) => (m ? encodeCursor({ at: m.createdAt, id: m.id }) : null);
  return {
    messages: page,
    older: after || more ? at(first) : null,
    newer: after ? (more ? at(last) : null) : before ? at(last) : null,
  };
}

/** What a reconnecting stream missed: the messages after the last one it saw, oldest first. */
export async function messagesAfter(db: Db, circleId: string, messageId: string, limit = 200): Promise<ChatMessage[]> {
  const last = await getMessage(db, messageId);
  if (!last || last.circleId !== circleId) return [];
  return db
    .select(columns)
    .from(chatMessages)
    .leftJoin(people, eq(people.id, chatMessages.authorId))
    .where(and(eq(chatMessages.circleId, circleId), sql`${position} > ${tuple({ at: last.createdAt, id: last.id })}`))
    .orderBy(asc(chatMessages.createdAt), asc(chatMessages.id))
    .limit(limit);
}

/**
 * The channels a person is in now, by the rule of channelMemberIds (policy.ts): a circle's
 * direct members and the Leader and Delegate of each circle directly within it while their
 * term runs (circleMembership's rule), and for a team its owner and advocate too. Asked from
 * the person's side in one statement, so the cost follows the handful of circles a person is
 * in, not how many members those circles have (home asks it on every visit: it used to read
 * every member of every candidate channel, 181 statements for the admin at scale 0.1).
 */
const CHANNELS_OF = `
  WITH mine AS (
    SELECT circle_id AS id FROM circle_members WHERE person_id = $1 AND left_at IS NULL
    UNION SELECT id FROM circles WHERE kind = 'team' AND owner_id = $1
    UNION SELECT circle_id FROM teams WHERE advocate_id = $1
    UNION SELECT c.parent_id FROM hat_assignments a
      JOIN hat_definitions d ON d.id = a.hat_id
      JOIN circles c ON c.id = a.circle_id
      WHERE a.person_id = $1 AND c.parent_id IS NOT NULL AND d.role IN ('leader', 'delegate')
        AND a.ended_at IS NULL AND a.term_start <= $2::date AND a.term_end >= $2::date)`;

export interface UnreadChannel {
  circleId: string;
  name: string;
  kind: 'circle' | 'team';
  /** Messages after the read mark that somebody else wrote, counted up to UNREAD_COUNTED. */
  unread: number;
  /** True when there are more than UNREAD_COUNTED: shown as "100 or more". */
  unreadCapped: boolean;
  latestAt: Date | null;
}

/** Unread messages are counted up to this many a channel: a number past it tells a person nothing more. */
export const UNREAD_COUNTED = 100;

/**
 * For each channel: the unread messages after the person's read mark that somebody else wrote
 * (system messages included), counted up to UNREAD_COUNTED + 1, and the latest message's time,
 * each read from the channel's index (circle, time, id) from the mark on and stopped there. The
 * cost follows the channels, not their histories: it used to count every unread message of every
 * channel and scan them all for the latest (10 ms of PostgreSQL on home for the busiest person
 * at scale 1, who had never opened most of their chats).
 */
const UNREAD_OF = `${CHANNELS_OF}
  SELECT c.id, c.name, c.kind,
    (SELECT count(*)::int FROM (
       SELECT 1 FROM chat_messages m
       WHERE m.circle_id = c.id AND (m.author_id IS NULL OR m.author_id <> $1)
         -- One index range from the mark on (from the start when there is none), not a filter.
         AND (m.created_at, m.id) > (COALESCE(r.last_read_at, '-infinity'), COALESCE(r.last_read_id, '00000000-0000-0000-0000-000000000000'))
       LIMIT ${UNREAD_COUNTED + 1}) u) AS unread,
    (SELECT m.created_at FROM chat_messages m WHERE m.circle_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS latest_at
  FROM circles c JOIN mine ON mine.id = c.id
  LEFT JOIN chat_read_marks r ON r.circle_id = c.id AND r.person_id = $1`;

export async function unreadChatCounts(db: Db, personId: string, now: Date): Promise<UnreadChannel[]> {
  const rows = await fixedStatement<{ id: string; name: string; kind: 'circle' | 'team'; unread: number; latest_at: Date | string | null }>(
    db, 'chat_unread_of', UNREAD_OF, [personId, isoDate(now)]);
  return rows
    .map((r) => ({
      circleId: r.id, name: r.name, kind: r.kind,
      unread: Math.min(Number(r.unread), UNREAD_COUNTED), unreadCapped: Number(r.unread) > UNREAD_COUNTED,
      latestAt: r.latest_at === null ? null : new Date(r.latest_at),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The latest message of a channel: where "read up to now" points. */
export async function latestMessage(db: Db, circleId: string): Promise<ChatMessage | null> {
  return (await listMessages(db, circleId, { limit: 1 })).messages[0] ?? null;
}
