import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { circles } from '../circles/schema.ts';
import { people } from '../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const chatMessageKinds = ['user', 'system'] as const;
export type ChatMessageKind = (typeof chatMessageKinds)[number];

/**
 * One channel per circle (a Team is a circle), so a message belongs to its circle: there is no
 * separate channel or membership table, because who may read is always the circle's membership.
 * System messages (joined, left, took a hat, team events) have no author.
 */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey(),
    circleId: uuid('circle_id').notNull().references(() => circles.id),
    authorId: uuid('author_id').references(() => people.id),
    kind: text('kind', { enum: chatMessageKinds }).notNull(),
    body: text('body').notNull(),
    createdAt: at('created_at').notNull(),
  },
  // History pages and unread counts walk a circle's messages in (time, id) order.
  (t) => [index('chat_messages_circle_idx').on(t.circleId, t.createdAt, t.id)],
);

/** How far each person has read each channel: the last message they have seen, by (time, id). */
export const chatReadMarks = pgTable(
  'chat_read_marks',
  {
    circleId: uuid('circle_id').notNull().references(() => circles.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    lastReadAt: at('last_read_at').notNull(),
    lastReadId: uuid('last_read_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.personId] }), index('chat_read_marks_person_idx').on(t.personId)],
);
