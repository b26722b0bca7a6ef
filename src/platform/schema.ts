import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  boolean,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Settings the platform keeps for itself (e.g. the cookie-signing secret shared by instances). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** One row per state change, written in the same transaction as the change. Append-only. */
export const events = pgTable(
  'events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    type: text('type').notNull(),
    actorId: uuid('actor_id'),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    at: at('at').notNull(),
  },
  (t) => [index('events_subject_idx').on(t.subjectType, t.subjectId, t.seq)],
);

/**
 * Who read which sensitive record, when and why; never the content. Append-only and
 * hash-chained: each row's hash covers its fields and the previous row's hash.
 */
export const accessLog = pgTable(
  'access_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    at: at('at').notNull(),
    actorId: uuid('actor_id'),
    recordType: text('record_type').notNull(),
    recordId: text('record_id').notNull(),
    ownerId: uuid('owner_id'),
    reason: text('reason').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('access_log_owner_idx').on(t.ownerId, t.seq), index('access_log_record_idx').on(t.recordType, t.recordId, t.seq)],
);

/** Mail waiting to go, or kept for admins to read when no SMTP server is configured. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: at('created_at').notNull(),
    sentAt: at('sent_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_created_idx').on(t.createdAt)],
);

/** Background work. Claimed with FOR UPDATE SKIP LOCKED, so each job runs once across instances. */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    dedupeKey: text('dedupe_key'),
    runAt: at('run_at').notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lockedBy: text('locked_by'),
    lockedUntil: at('locked_until'),
    lastError: text('last_error'),
    finishedAt: at('finished_at'),
  },
  (t) => [
    index('jobs_due_idx').on(t.status, t.runAt),
    uniqueIndex('jobs_dedupe_idx').on(t.dedupeKey),
  ],
);

/** Counted attempts (sign-in, password reset) so rate limits hold across instances. */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    bucket: text('bucket').notNull(),
    at: at('at').notNull(),
  },
  (t) => [index('rate_limit_bucket_idx').on(t.bucket, t.at)],
);

/** Something that needs a person's response, shown in-app and, by their preference, emailed. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    text: text('text').notNull(),
    href: text('href').notNull(),
    createdAt: at('created_at').notNull(),
    readAt: at('read_at'),
  },
  (t) => [index('notifications_person_idx').on(t.personId, t.createdAt)],
);

/**
 * Idempotency keys of the JSON API (src/platform/idempotency.ts): the first answer to each
 * person's key, kept for a week. The row is written in the command's own transaction; status
 * and answer (the JSON body as sent) follow just after it commits.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actorId: uuid('actor_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    answer: text('answer'),
    /** The answer held a secret shown once (an API token): not kept, a retry is told so. */
    withheld: boolean('withheld').notNull().default(false),
    createdAt: at('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
