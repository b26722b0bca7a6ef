import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { logbookEntries } from '../../circles/schema.ts';
import { people } from '../../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const appealStates = ['gathering', 'circle_review', 'panel_review', 'dismissed', 'upheld', 'revised'] as const;
export type AppealState = (typeof appealStates)[number];

/** An appeal against an adopted decision: three unrelated members, then the circle, then a wider panel. */
export const appeals = pgTable(
  'appeals',
  {
    id: uuid('id').primaryKey(),
    logbookEntryId: uuid('logbook_entry_id')
      .notNull()
      .references(() => logbookEntries.id),
    state: text('state', { enum: appealStates }).notNull().default('gathering'),
    grounds: text('grounds').notNull(),
    openedBy: uuid('opened_by')
      .notNull()
      .references(() => people.id),
    /** Who sits on the panel, fixed when the appeal reaches it: the circle's delegates and the parent circle. */
    panel: jsonb('panel').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    outcomeNote: text('outcome_note'),
    /**
     * The outcome put to the circle or the panel now (a step such as 'panel-dismiss', its note,
     * who put it): it is decided only when every member has consented to it (appeal_answers).
     */
    proposedStep: text('proposed_step'),
    proposedNote: text('proposed_note'),
    proposedBy: uuid('proposed_by').references(() => people.id),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('appeals_entry_idx').on(t.logbookEntryId)],
);

export const appealSigners = pgTable(
  'appeal_signers',
  {
    id: uuid('id').primaryKey(),
    appealId: uuid('appeal_id')
      .notNull()
      .references(() => appeals.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    reason: text('reason').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('appeal_signers_unique').on(t.appealId, t.personId)],
);

/**
 * Each member's answer to the outcome put to the circle or the panel: consent, or an objection
 * with its reason. Putting a different outcome clears the answers; a member may change theirs.
 */
export const appealAnswers = pgTable(
  'appeal_answers',
  {
    id: uuid('id').primaryKey(),
    appealId: uuid('appeal_id')
      .notNull()
      .references(() => appeals.id),
    stage: text('stage', { enum: ['circle_review', 'panel_review'] }).notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    answer: text('answer', { enum: ['consent', 'objection'] }).notNull(),
    reason: text('reason'),
    at: at('at').notNull(),
  },
  (t) => [uniqueIndex('appeal_answers_unique').on(t.appealId, t.stage, t.personId)],
);
