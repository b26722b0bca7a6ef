import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { type Db, fixedStatement } from '../../platform/db.ts';
import { Invalid } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { preparedStatement } from '../../platform/prepared.ts';
import { isoDate } from '../circles/dates.ts';
import { people } from '../people/schema.ts';
import { chatMessages, chatReadMarks } from './schema.ts';

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

export function decodeCursor(value: unknown): Cursor | undefined {
  if (value === undefined || value === '') return undefined;
  const [at, id] = typeof value === 'string' ? value.split('_') : [];
  const date = new Date(at ?? '');
  if (!isUuid(id) || Number.isNaN(date.getTime())) throw new Invalid({ before: 'That link to older messages is not valid. Go back to the latest messages.' });
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

// The chat page's history, its hottest statement, prepared (ADR 0023): the latest page, and a
// page before a cursor.
const historyQuery = (db: Db, before: boolean) =>
  db.select(columns).from(chatMessages).leftJoin(people, eq(people.id, chatMessages.authorId))
    .where(and(eq(chatMessages.circleId, sql.placeholder('circleId')), before ? sql`${position} < (${sql.placeholder('beforeAt')}::timestamptz, ${sql.placeholder('beforeId')}::uuid)` : undefined))
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(sql.placeholder('limit'));
const latestHistory = preparedStatement('chat_history_latest', (db) => historyQuery(db, false));
const historyBefore = preparedStatement('chat_history_before', (db) => historyQuery(db, true));

/** One page of history, oldest first, ending just before `before` (or at the latest message). */
export async function listMessages(db: Db, circleId: string, options: { before?: Cursor | undefined; limit?: number } = {}) {
  const limit = options.limit ?? 30;
  const rows = options.before
    ? await historyBefore(db, { circleId, beforeAt: options.before.at.toISOString(), beforeId: options.before.id, limit: limit + 1 })
    : await latestHistory(db, { circleId, limit: limit + 1 });
  const page = rows.slice(0, limit).reverse();
  const oldest = page[0];
  return { messages: page, older: rows.length > limit && oldest ? encodeCursor({ at: oldest.createdAt, id: oldest.id }) : null };
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
        AND a.ended_at IS NULL AND a.term_start <= $2::date AND a.term_end >= $2::date)
  SELECT c.id, c.name, c.kind FROM circles c JOIN mine ON mine.id = c.id`;

export async function chatChannelsOf(db: Db, personId: string, now: Date): Promise<{ id: string; name: string; kind: 'circle' | 'team' }[]> {
  const rows = await fixedStatement<{ id: string; name: string; kind: 'circle' | 'team' }>(db, 'chat_channels_of', CHANNELS_OF, [personId, isoDate(now)]);
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

export interface UnreadChannel {
  circleId: string;
  name: string;
  kind: 'circle' | 'team';
  unread: number;
  latestAt: Date | null;
}

/**
 * Unread messages per channel the person is in: everything after their read mark that somebody
 * else wrote (system messages included). One grouped query over the channels' index.
 */
export async function unreadChatCounts(db: Db, personId: string, now: Date): Promise<UnreadChannel[]> {
  const channels = await chatChannelsOf(db, personId, now);
  if (channels.length === 0) return [];
  const ids = channels.map((c) => c.id);
  const unreadRows = await db
    .select({ circleId: chatMessages.circleId, unread: sql<number>`count(*)::int` })
    .from(chatMessages)
    .leftJoin(chatReadMarks, and(eq(chatReadMarks.circleId, chatMessages.circleId), eq(chatReadMarks.personId, personId)))
    .where(
      and(
        inArray(chatMessages.circleId, ids),
        or(isNull(chatMessages.authorId), ne(chatMessages.authorId, personId)),
        or(isNull(chatReadMarks.personId), sql`${position} > (${chatReadMarks.lastReadAt}, ${chatReadMarks.lastReadId})`),
      ),
    )
    .groupBy(chatMessages.circleId);
  const latestRows = await db
    .select({ circleId: chatMessages.circleId, latestAt: sql<string>`max(${chatMessages.createdAt})` })
    .from(chatMessages)
    .where(inArray(chatMessages.circleId, ids))
    .groupBy(chatMessages.circleId);
  const unread = new Map(unreadRows.map((r) => [r.circleId, Number(r.unread)]));
  const latest = new Map(latestRows.map((r) => [r.circleId, new Date(r.latestAt)]));
  return channels.map((c) => ({ circleId: c.id, name: c.name, kind: c.kind, unread: unread.get(c.id) ?? 0, latestAt: latest.get(c.id) ?? null }));
}

/** The latest message of a channel: where "read up to now" points. */
export async function latestMessage(db: Db, circleId: string): Promise<ChatMessage | null> {
  return (await listMessages(db, circleId, { limit: 1 })).messages[0] ?? null;
}
