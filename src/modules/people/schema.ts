import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const contactChannels = ['email', 'phone', 'sms', 'post'] as const;

/** One identity per human being. Roles such as "supporter" are hats, never columns here. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    preferredName: text('preferred_name'),
    pronouns: text('pronouns'),
    phone: text('phone'),
    address: text('address'),
    preferredChannel: text('preferred_channel', { enum: contactChannels })
      .notNull()
      .default('email'),
    language: text('language').notNull().default('en'),
    accessibility: jsonb('accessibility').$type<Accessibility>().notNull().default(sql`'{}'::jsonb`),
    passwordHash: text('password_hash'),
    isAdmin: boolean('is_admin').notNull().default(false),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('people_email_idx').on(sql`lower(${t.email})`)],
);

export interface Accessibility {
  largeText?: boolean;
  reducedMotion?: boolean;
  highContrast?: boolean;
  notes?: string;
}

/** A signed-in device. The cookie holds a random token; the row holds only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    userAgent: text('user_agent').notNull().default(''),
    createdAt: at('created_at').notNull(),
    lastSeenAt: at('last_seen_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('sessions_person_idx').on(t.personId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    message: text('message'),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => people.id),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    usedBy: uuid('used_by').references(() => people.id),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('invitations_inviter_idx').on(t.invitedBy, t.createdAt)],
);

export const passwordResets = pgTable('password_resets', {
  id: uuid('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  personId: uuid('person_id')
    .notNull()
    .references(() => people.id),
  createdAt: at('created_at').notNull(),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
});

/** Personal API tokens for the JSON API; shown once, stored as SHA-256. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    label: text('label').notNull(),
    createdAt: at('created_at').notNull(),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('api_tokens_person_idx').on(t.personId)],
);
