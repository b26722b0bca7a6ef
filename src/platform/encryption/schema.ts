import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The data keys of the encrypted fields (ADR 0024): one random key per scope (a team's id) and
 * version, kept here only wrapped (AES-256-GCM) by the master key, which lives outside the
 * database. A rotation of the master key re-wraps these rows; the rows they encrypt stay as
 * they are. A new version of a scope's key encrypts what is written from then on.
 */
export const dataKeys = pgTable(
  'data_keys',
  {
    id: uuid('id').primaryKey(),
    scope: text('scope').notNull(),
    version: integer('version').notNull(),
    wrapped: text('wrapped').notNull(),
    /** Which master key wrapped it (a fingerprint, never the key): a wrong key is named, not guessed at. */
    masterKeyId: text('master_key_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('data_keys_scope_version_uq').on(t.scope, t.version), index('data_keys_master_idx').on(t.masterKeyId)],
);
