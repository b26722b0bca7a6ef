import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { circles } from '../circles/schema.ts';
import { people } from '../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const visitKinds = ['paid', 'volunteer', 'trial', 'meeting'] as const;
export type VisitKind = (typeof visitKinds)[number];
export const visitStates = ['booked', 'cancelled', 'ended'] as const;

/** A recurring booking: the rule, and how far ahead its visits have been written out. */
export const visitSeries = pgTable(
  'visit_series',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    /** An RFC 5545 RRULE (without DTSTART); occurrences start at `firstStartsAt`'s local time. */
    rule: text('rule').notNull(),
    firstStartsAt: at('first_starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    kind: text('kind', { enum: visitKinds }).notNull(),
    place: text('place').notNull(),
    notes: text('notes').notNull().default(''),
    /** Occurrences up to here exist as visit rows; a job writes out more as time passes. */
    writtenUntil: at('written_until').notNull(),
    endedAt: at('ended_at'),
    createdBy: uuid('created_by').notNull().references(() => people.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('visit_series_team_idx').on(t.teamId)],
);

/**
 * One booked visit. An occurrence of a series keeps its original start, so an exception
 * (moved or cancelled) is just that row changed, and the series never writes it again.
 */
export const visits = pgTable(
  'visits',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    seriesId: uuid('series_id').references(() => visitSeries.id),
    originalStartsAt: at('original_starts_at'),
    kind: text('kind', { enum: visitKinds }).notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    /** An address, or a call or video link. */
    place: text('place').notNull(),
    notes: text('notes').notNull().default(''),
    state: text('state', { enum: visitStates }).notNull(),
    cancelReason: text('cancel_reason'),
    rearrangeReason: text('rearrange_reason'),
    remindedAt: at('reminded_at'),
    createdBy: uuid('created_by').notNull().references(() => people.id),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('visits_team_starts_idx').on(t.teamId, t.startsAt),
    // "My visits": a team's visits still booked and not yet over, without its whole history.
    index('visits_booked_team_ends_idx').on(t.teamId, t.endsAt).where(sql`state = 'booked'`),
    index('visits_due_reminder_idx').on(t.startsAt).where(sql`state = 'booked' AND reminded_at IS NULL`),
    uniqueIndex('visits_occurrence_uq').on(t.seriesId, t.originalStartsAt),
    check('visits_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    // MAX_VISIT_HOURS (visits/input.ts): so a visit still to end started at most this long ago,
    // the lower bound "my visits" reads from (ADR 0032).
    check('visits_booked_at_most_12_hours', sql`${t.state} <> 'booked' OR ${t.endsAt} <= ${t.startsAt} + interval '12 hours'`),
  ],
);

/** Who is coming to a visit. */
export const visitSupporters = pgTable(
  'visit_supporters',
  {
    visitId: uuid('visit_id').notNull().references(() => visits.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    joinedAt: at('joined_at').notNull(),
    /**
     * The visit's start, copied so "my visits" reads a person's next visits in time order from
     * one index range (ADR 0032). The database sets it from the visit on every insert and keeps
     * it in step when a visit moves (triggers in migration 0044), whatever the path.
     */
    startsAt: at('starts_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.visitId, t.personId] }), index('visit_supporters_person_starts_idx').on(t.personId, t.startsAt, t.visitId)],
);

/** A person's private calendar feed: the URL carries a token; only its SHA-256 is kept. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull().references(() => people.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: at('created_at').notNull(),
    revokedAt: at('revoked_at'),
  },
  (t) => [uniqueIndex('calendar_feeds_one_live_uq').on(t.personId).where(sql`revoked_at IS NULL`)],
);

export const careLogKinds = ['paid', 'volunteer'] as const;
export type CareLogKind = (typeof careLogKinds)[number];
export const careLogStates = ['pending', 'adjusted', 'confirmed', 'disputed', 'void'] as const;
export type CareLogState = (typeof careLogStates)[number];

/**
 * The record that support happened. Its current state lives here; every change is also a
 * row in care_log_versions, hash-chained per team, and `hash` is the hash of the latest one,
 * so an edit to this row outside the state machine is detectable by verify-audit.
 */
export const careLogs = pgTable(
  'care_logs',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    visitId: uuid('visit_id').references(() => visits.id),
    supporterId: uuid('supporter_id').notNull().references(() => people.id),
    kind: text('kind', { enum: careLogKinds }).notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    minutes: integer('minutes').notNull(),
    /** What the support was, in a few words (never clinical detail: that belongs in a care note). */
    activity: text('activity').notNull().default(''),
    state: text('state', { enum: careLogStates }).notNull(),
    /** A correction of a confirmed log is a new log pointing at the one it corrects. */
    correctsId: uuid('corrects_id').references((): AnyPgColumn => careLogs.id),
    supporterConfirmedAt: at('supporter_confirmed_at'),
    ownerConfirmedAt: at('owner_confirmed_at'),
    ownerConfirmedBy: uuid('owner_confirmed_by').references(() => people.id),
    /** An adjustment proposes new times with a reason; the other side confirms it. */
    adjustedBy: uuid('adjusted_by').references(() => people.id),
    adjustReason: text('adjust_reason'),
    disputedBy: uuid('disputed_by').references(() => people.id),
    disputeReason: text('dispute_reason'),
    resolvedBy: uuid('resolved_by').references(() => people.id),
    resolution: text('resolution'),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('care_logs_team_starts_idx').on(t.teamId, t.startsAt),
    index('care_logs_supporter_starts_idx').on(t.supporterId, t.startsAt),
    index('care_logs_pending_idx').on(t.createdAt).where(sql`state IN ('pending', 'adjusted')`),
    // One log per supporter per visit (a correction is linked to the log, not the visit).
    uniqueIndex('care_logs_visit_supporter_uq').on(t.visitId, t.supporterId).where(sql`corrects_id IS NULL AND visit_id IS NOT NULL`),
    check('care_logs_minutes', sql`${t.minutes} > 0 AND ${t.endsAt} > ${t.startsAt}`),
  ],
);

/** Every version of every care log in a team, in order, each hashing the one before. Append-only. */
export const careLogVersions = pgTable(
  'care_log_versions',
  {
    teamId: uuid('team_id').notNull().references(() => circles.id),
    seq: integer('seq').notNull(),
    logId: uuid('log_id').notNull().references(() => careLogs.id),
    at: at('at').notNull(),
    actorId: uuid('actor_id'),
    /** The log's content as it stood after this change: the fields the hash covers. */
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.seq] }), index('care_log_versions_log_idx').on(t.logId)],
);

/** Per-team care settings. Auto-confirm after N days (null or 0: off, our default). */
export const careSettings = pgTable('care_settings', {
  teamId: uuid('team_id').primaryKey().references(() => circles.id),
  autoConfirmDays: integer('auto_confirm_days'),
  updatedBy: uuid('updated_by').notNull().references(() => people.id),
  updatedAt: at('updated_at').notNull(),
});

export const noteReaderships = ['team', 'chosen'] as const;

/** A note in the team's shared notebook. Its words live in versions; none is ever edited. */
export const careNotes = pgTable(
  'care_notes',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    readership: text('readership', { enum: noteReaderships }).notNull(),
    /** With readership 'chosen': who may read it (the author, owner and advocate always may). */
    chosen: jsonb('chosen').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    latestVersion: integer('latest_version').notNull(),
    createdBy: uuid('created_by').notNull().references(() => people.id),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('care_notes_team_updated_idx').on(t.teamId, t.updatedAt)],
);

export const careNoteVersions = pgTable(
  'care_note_versions',
  {
    noteId: uuid('note_id').notNull().references(() => careNotes.id),
    version: integer('version').notNull(),
    text: text('text').notNull(),
    /** Why it was amended (empty for the first version). */
    reason: text('reason').notNull().default(''),
    authorId: uuid('author_id').notNull().references(() => people.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.version] })],
);

/** A medicine on the owner's MAR, with the times its doses are due each day (HH:MM, co-op time). */
export const medicines = pgTable(
  'medicines',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    name: text('name').notNull(),
    dose: text('dose').notNull(),
    instructions: text('instructions').notNull().default(''),
    times: jsonb('times').$type<string[]>().notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    createdBy: uuid('created_by').notNull().references(() => people.id),
    createdAt: at('created_at').notNull(),
    stoppedAt: at('stopped_at'),
    stoppedBy: uuid('stopped_by').references(() => people.id),
  },
  (t) => [index('medicines_team_idx').on(t.teamId)],
);

export const doseOutcomes = ['given', 'refused', 'already_taken', 'not_required'] as const;
export type DoseOutcome = (typeof doseOutcomes)[number];

/** One scheduled dose: its outcome once recorded, or the time it was flagged as missed. */
export const medicationDoses = pgTable(
  'medication_doses',
  {
    id: uuid('id').primaryKey(),
    medicineId: uuid('medicine_id').notNull().references(() => medicines.id),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    dueAt: at('due_at').notNull(),
    outcome: text('outcome', { enum: doseOutcomes }),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => people.id),
    recordedAt: at('recorded_at'),
    flaggedAt: at('flagged_at'),
  },
  (t) => [uniqueIndex('medication_doses_due_uq').on(t.medicineId, t.dueAt), index('medication_doses_team_due_idx').on(t.teamId, t.dueAt)],
);

export const payerKinds = ['person', 'personal_budget', 'local_authority'] as const;
export type PayerKind = (typeof payerKinds)[number];

/**
 * A paid supporter's hourly rate, agreed with the owner's side: proposed by one, agreed by
 * the other. The agreed rate in force at a log's start prices that log.
 */
export const careRates = pgTable(
  'care_rates',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    workerId: uuid('worker_id').notNull().references(() => people.id),
    ratePence: integer('rate_pence').notNull(),
    payerKind: text('payer_kind', { enum: payerKinds }).notNull(),
    /** Who pays, in words: the person's name, "Kirklees Council", the budget holder. */
    payerName: text('payer_name').notNull(),
    expensesAgreement: text('expenses_agreement').notNull().default(''),
    /**
     * From when the rate prices support (local midnight of the day named): support given before
     * a rate was agreed, in a trial say, is priced once a rate covering its date is agreed.
     * Without it, the rate prices from the moment it is agreed.
     */
    startsAt: at('starts_at'),
    proposedBy: uuid('proposed_by').notNull().references(() => people.id),
    proposedAt: at('proposed_at').notNull(),
    agreedBy: uuid('agreed_by').references(() => people.id),
    agreedAt: at('agreed_at'),
    withdrawnAt: at('withdrawn_at'),
  },
  (t) => [index('care_rates_team_worker_idx').on(t.teamId, t.workerId, t.agreedAt), check('care_rates_positive', sql`${t.ratePence} > 0`)],
);

export const expenseStates = ['submitted', 'approved', 'rejected'] as const;

/** A worker's expense with its receipt, approved by the owner's side before any statement counts it. */
export const careExpenses = pgTable(
  'care_expenses',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    workerId: uuid('worker_id').notNull().references(() => people.id),
    careLogId: uuid('care_log_id').references(() => careLogs.id),
    incurredOn: date('incurred_on').notNull(),
    amountPence: integer('amount_pence').notNull(),
    description: text('description').notNull(),
    receipt: bytea('receipt'),
    receiptType: text('receipt_type'),
    receiptName: text('receipt_name'),
    state: text('state', { enum: expenseStates }).notNull(),
    decidedBy: uuid('decided_by').references(() => people.id),
    decidedAt: at('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('care_expenses_team_incurred_idx').on(t.teamId, t.incurredOn), check('care_expenses_positive', sql`${t.amountPence} > 0`)],
);
