import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { people } from '../../people/schema.ts';
import { circles, hatDefinitions, logbookEntries } from '../schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const selectionStates = ['nominating', 'nomination_round', 'change_round', 'proposed', 'consent_round', 'objections', 'appointed', 'cancelled'] as const;
export type SelectionState = (typeof selectionStates)[number];

/** Choosing a person for a hat by consent (DOMAIN.md 3.2). `circleId` is the circle that decides. */
export const selections = pgTable(
  'selections',
  {
    id: uuid('id').primaryKey(),
    circleId: uuid('circle_id').notNull().references(() => circles.id),
    hatId: uuid('hat_id').notNull().references(() => hatDefinitions.id),
    facilitatorId: uuid('facilitator_id').notNull().references(() => people.id),
    state: text('state', { enum: selectionStates }).notNull().default('nominating'),
    round: integer('round').notNull().default(0),
    candidateId: uuid('candidate_id').references(() => people.id),
    termStart: date('term_start', { mode: 'string' }),
    /** Answers recorded for others happen inside this open meeting of the deciding circle. */
    meetingId: uuid('meeting_id'),
    logbookEntryId: uuid('logbook_entry_id').references(() => logbookEntries.id),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('selections_circle_idx').on(t.circleId)],
);

/** Silent written nominations, one per nominator, changeable in the change round. */
export const nominations = pgTable(
  'selection_nominations',
  {
    id: uuid('id').primaryKey(),
    selectionId: uuid('selection_id').notNull().references(() => selections.id),
    nominatorId: uuid('nominator_id').notNull().references(() => people.id),
    nomineeId: uuid('nominee_id').notNull().references(() => people.id),
    reason: text('reason').notNull(),
    changedFrom: uuid('changed_from'),
    changeReason: text('change_reason'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [uniqueIndex('selection_nominations_unique').on(t.selectionId, t.nominatorId)],
);

export const selectionResponses = pgTable(
  'selection_responses',
  {
    id: uuid('id').primaryKey(),
    selectionId: uuid('selection_id').notNull().references(() => selections.id),
    round: integer('round').notNull(),
    personId: uuid('person_id').notNull().references(() => people.id),
    response: text('response', { enum: ['consent', 'objection'] }).notNull(),
    concern: text('concern'),
    reason: text('reason'),
    recordedBy: uuid('recorded_by').notNull().references(() => people.id),
    meetingId: uuid('meeting_id'),
    createdAt: at('created_at').notNull(),
    disputedAt: at('disputed_at'),
  },
  (t) => [uniqueIndex('selection_responses_unique').on(t.selectionId, t.round, t.personId)],
);
