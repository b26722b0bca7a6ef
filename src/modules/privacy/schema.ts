import { customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from '../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const exportStates = ['queued', 'building', 'ready', 'failed', 'expired'] as const;
export type ExportState = (typeof exportStates)[number];

/**
 * A subject-access export: asked for by a person, about themselves or the owner they are
 * advocate for, built by a job (privacy/build-job.ts). The archive is kept only until it
 * expires (a day), then erased by the daily retention run, so care text does not linger here.
 */
export const dataExports = pgTable(
  'data_exports',
  {
    id: uuid('id').primaryKey(),
    requestedBy: uuid('requested_by').notNull().references(() => people.id),
    subjectId: uuid('subject_id').notNull().references(() => people.id),
    state: text('state', { enum: exportStates }).notNull(),
    /** Progress of the build: sections done out of sections to do. */
    done: integer('done').notNull().default(0),
    total: integer('total').notNull().default(0),
    /** The parts built so far, while building (one job step per part); emptied when the archive is made. */
    parts: jsonb('parts').$type<Record<string, unknown>>(),
    archive: bytea('archive'),
    bytes: integer('bytes'),
    error: text('error'),
    requestedAt: at('requested_at').notNull(),
    finishedAt: at('finished_at'),
    expiresAt: at('expires_at'),
  },
  (t) => [index('data_exports_requester_idx').on(t.requestedBy, t.requestedAt), index('data_exports_expiry_idx').on(t.expiresAt)],
);

/**
 * A person who left, anonymised by the retention run: their id stays everywhere (ledger and
 * audit chains keep their integrity), their contact details are gone, and their name once no
 * care record under retention needs it. One row each, so a second run finds nothing to do.
 */
export const anonymisations = pgTable('anonymisations', {
  personId: uuid('person_id').primaryKey().references(() => people.id),
  /** Chat, profile, giving profile, credits messages and contact details erased. */
  at: at('at').notNull(),
  /** The name too: nothing under retention names them any more (null while something does). */
  nameErasedAt: at('name_erased_at'),
  /** The policy followed, in words, as the logbook entry of that run records it. */
  policy: text('policy').notNull(),
  logbookEntryId: uuid('logbook_entry_id'),
});

/** Care records of a team past the co-op's retention period, and what was done with them. */
export const careDisposals = pgTable('care_disposals', {
  teamId: uuid('team_id').primaryKey(),
  supportEndedAt: at('support_ended_at').notNull(),
  at: at('at').notNull(),
  policy: text('policy').notNull(),
});
