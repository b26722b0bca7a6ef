import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { circles, logbookEntries } from '../circles/schema.ts';
import { people } from '../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const proposalStates = [
  'draft',
  'presented',
  'clarifying',
  'reactions',
  'consent_round',
  'objections',
  'amended',
  'awaiting_resolution',
  'adopted',
  'rejected',
  'withdrawn',
  'referred',
] as const;
export type ProposalState = (typeof proposalStates)[number];

/** A proposal: its current text lives in proposal_versions; this row holds its state and round. */
export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey(),
    circleId: uuid('circle_id')
      .notNull()
      .references(() => circles.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => people.id),
    facilitatorId: uuid('facilitator_id')
      .notNull()
      .references(() => people.id),
    state: text('state', { enum: proposalStates }).notNull().default('draft'),
    /** What the adopted proposal becomes in the logbook. */
    outcomeKind: text('outcome_kind', { enum: ['decision', 'policy', 'aim', 'domain'] }).notNull().default('decision'),
    version: integer('version').notNull().default(1),
    round: integer('round').notNull().default(0),
    mode: text('mode', { enum: ['meeting', 'online'] }).notNull().default('meeting'),
    deadline: at('deadline'),
    /** A meeting-mode round happens inside this open meeting of the circle, with its attendance. */
    meetingId: uuid('meeting_id'),
    inDomain: boolean('in_domain').notNull().default(true),
    isMajor: boolean('is_major').notNull().default(false),
    /** A long-term decision: after consent it waits for a members' resolution at a general meeting. */
    needsResolution: boolean('needs_resolution').notNull().default(false),
    domainNote: text('domain_note'),
    /** Logbook entries this proposal touches (policies it might conflict with). */
    touches: jsonb('touches').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** For a review: the logbook entry under review. */
    reviewOf: uuid('review_of').references(() => logbookEntries.id),
    reviewOutcome: text('review_outcome', { enum: ['continue', 'amend', 'retire'] }),
    referredFrom: uuid('referred_from').references((): AnyPgColumn => proposals.id),
    logbookEntryId: uuid('logbook_entry_id').references(() => logbookEntries.id),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('proposals_circle_idx').on(t.circleId, t.state)],
);

/** Every amendment is a new version; nothing is edited in place. */
export const proposalVersions = pgTable(
  'proposal_versions',
  {
    id: uuid('id').primaryKey(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    driver: text('driver').notNull(),
    text: text('text').notNull(),
    term: text('term'),
    reviewDate: date('review_date', { mode: 'string' }).notNull(),
    amendedBy: uuid('amended_by')
      .notNull()
      .references(() => people.id),
    reason: text('reason'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('proposal_versions_unique').on(t.proposalId, t.version)],
);

export const proposalQuestions = pgTable(
  'proposal_questions',
  {
    id: uuid('id').primaryKey(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    askedBy: uuid('asked_by')
      .notNull()
      .references(() => people.id),
    question: text('question').notNull(),
    answer: text('answer'),
    answeredBy: uuid('answered_by').references(() => people.id),
    createdAt: at('created_at').notNull(),
    answeredAt: at('answered_at'),
  },
  (t) => [index('proposal_questions_idx').on(t.proposalId)],
);

export const proposalReactions = pgTable(
  'proposal_reactions',
  {
    id: uuid('id').primaryKey(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    version: integer('version').notNull(),
    text: text('text').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('proposal_reactions_idx').on(t.proposalId)],
);

/** One answer per full participant per round: consent (maybe with a concern) or a reasoned objection. */
export const consentResponses = pgTable(
  'consent_responses',
  {
    id: uuid('id').primaryKey(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    round: integer('round').notNull(),
    version: integer('version').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    response: text('response', { enum: ['consent', 'objection'] }).notNull(),
    concern: text('concern'),
    reason: text('reason'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => people.id),
    /** Set when the answer was recorded for the person by the facilitator at this meeting. */
    meetingId: uuid('meeting_id'),
    createdAt: at('created_at').notNull(),
    /** An objection resolved by its author withdrawing it. */
    withdrawnAt: at('withdrawn_at'),
    /** The person said the answer recorded in their name was not theirs: it no longer counts. */
    disputedAt: at('disputed_at'),
  },
  (t) => [uniqueIndex('consent_responses_unique').on(t.proposalId, t.round, t.personId)],
);
