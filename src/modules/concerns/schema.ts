import { boolean, date, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { circles } from '../circles/schema.ts';
import { people } from '../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const concernStates = ['understanding', 'awaiting_response', 'exploring', 'outcome', 'monthly_review', 'closed'] as const;
export type ConcernState = (typeof concernStates)[number];

/**
 * A concern about a team ("sharing stuff"). Only the people policy.ts names may read it, and
 * every read is written to the access log. A safeguarding concern also carries its referral
 * to the local authority, or the recorded reason it was not referred.
 */
export const concerns = pgTable(
  'concerns',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    raisedBy: uuid('raised_by').notNull().references(() => people.id),
    /** The person the concern is about, if any: they never see it. */
    aboutPersonId: uuid('about_person_id').references(() => people.id),
    summary: text('summary').notNull(),
    details: text('details').notNull(),
    safeguarding: boolean('safeguarding').notNull().default(false),
    state: text('state', { enum: concernStates }).notNull().default('understanding'),
    outcome: text('outcome'),
    /** When the last step was taken: a concern in monthly review is due 30 days after it. */
    lastStepAt: at('last_step_at').notNull(),
    /** The review due date its handlers were last told about, so each due date is told once. */
    reviewNotifiedFor: date('review_notified_for', { mode: 'string' }),
    referralDate: date('referral_date', { mode: 'string' }),
    referralReference: text('referral_reference'),
    referredBy: text('referred_by'),
    referralOutcome: text('referral_outcome'),
    notReferredReason: text('not_referred_reason'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('concerns_team_idx').on(t.teamId), index('concerns_review_idx').on(t.state, t.lastStepAt)],
);

/** Every step a concern took, with the note the handler wrote. Never changed once written. */
export const concernSteps = pgTable(
  'concern_steps',
  {
    id: uuid('id').primaryKey(),
    concernId: uuid('concern_id').notNull().references(() => concerns.id),
    step: text('step').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    note: text('note').notNull(),
    byId: uuid('by_id').notNull().references(() => people.id),
    at: at('at').notNull(),
  },
  (t) => [index('concern_steps_concern_idx').on(t.concernId, t.at)],
);

/** People a handler chose to let see one concern. */
export const concernViewers = pgTable(
  'concern_viewers',
  {
    concernId: uuid('concern_id').notNull().references(() => concerns.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    addedBy: uuid('added_by').notNull().references(() => people.id),
    addedAt: at('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.concernId, t.personId] }), index('concern_viewers_person_idx').on(t.personId)],
);

export const conflictStates = ['step_1', 'step_2', 'step_3', 'resolved'] as const;
export type ConflictState = (typeof conflictStates)[number];

/** Conflict support in a team: three steps, each with the way it is being worked through. */
export const conflicts = pgTable(
  'conflicts',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    openedBy: uuid('opened_by').notNull().references(() => people.id),
    involvedIds: jsonb('involved_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    summary: text('summary').notNull(),
    state: text('state', { enum: conflictStates }).notNull().default('step_1'),
    way: text('way').notNull(),
    resolution: text('resolution'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('conflicts_team_idx').on(t.teamId)],
);

export const conflictSteps = pgTable(
  'conflict_steps',
  {
    id: uuid('id').primaryKey(),
    conflictId: uuid('conflict_id').notNull().references(() => conflicts.id),
    step: text('step').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    way: text('way'),
    note: text('note').notNull(),
    byId: uuid('by_id').notNull().references(() => people.id),
    at: at('at').notNull(),
  },
  (t) => [index('conflict_steps_conflict_idx').on(t.conflictId, t.at)],
);
