import { boolean, check, doublePrecision, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { circles, logbookEntries } from '../circles/schema.ts';
import { meetings } from '../circles/meetings/schema.ts';
import { people } from '../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Who a statement is for (DOMAIN.md 8): people getting support, their families, workers and volunteers. */
export const stakeholderGroups = ['supported', 'family', 'worker'] as const;
export type StakeholderGroup = (typeof stakeholderGroups)[number];
/** The survey's three domains. */
export const surveyDomains = ['growth', 'wellbeing', 'systems'] as const;
export type SurveyDomain = (typeof surveyDomains)[number];

/**
 * A statement set, versioned: a change is a new version (the old one stays as rounds cited it).
 * No circle: the co-op's standard set. With a circle: that circle's own set, built on another.
 */
export const surveyStatementSets = pgTable(
  'survey_statement_sets',
  {
    id: uuid('id').primaryKey(),
    circleId: uuid('circle_id').references(() => circles.id),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    /** The version this one was made from. */
    basedOn: uuid('based_on'),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('survey_sets_version_uq').on(sql`coalesce(${t.circleId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.name, t.version)],
);

export const surveyStatements = pgTable(
  'survey_statements',
  {
    id: uuid('id').primaryKey(),
    setId: uuid('set_id').notNull().references(() => surveyStatementSets.id),
    position: integer('position').notNull(),
    stakeholderGroup: text('stakeholder_group', { enum: stakeholderGroups }).notNull(),
    domain: text('domain', { enum: surveyDomains }).notNull(),
    text: text('text').notNull(),
  },
  (t) => [uniqueIndex('survey_statements_position_uq').on(t.setId, t.position)],
);

export const roundStates = ['open', 'closed'] as const;

/** A survey round, opened by a circle on an adopted decision whose mandate says "run a survey round". */
export const surveyRounds = pgTable(
  'survey_rounds',
  {
    id: uuid('id').primaryKey(),
    circleId: uuid('circle_id').notNull().references(() => circles.id),
    title: text('title').notNull(),
    /** The decision that authorised it, and its effect (used up by this round). */
    logbookEntryId: uuid('logbook_entry_id').notNull().references(() => logbookEntries.id),
    effectId: uuid('effect_id').notNull(),
    setId: uuid('set_id').notNull().references(() => surveyStatementSets.id),
    /** Everyone in the co-op (null) or one Local Circle's people, its teams' included. */
    audienceCircleId: uuid('audience_circle_id').references(() => circles.id),
    opensAt: at('opens_at').notNull(),
    closesAt: at('closes_at').notNull(),
    state: text('state', { enum: roundStates }).notNull().default('open'),
    closedAt: at('closed_at'),
    /**
     * The co-op's survey settings in force when the round closed (the fewest answers a group
     * may have to be shown, and the level cut-offs): its results are always read with these,
     * so a later change of the settings does not rewrite past results (ADR 0030).
     */
    minGroup: smallint('min_group'),
    lowBelow: doublePrecision('low_below'),
    highFrom: doublePrecision('high_from'),
    /** The meeting whose agenda carries the results, once there is one. */
    agendaMeetingId: uuid('agenda_meeting_id').references(() => meetings.id),
    openedBy: uuid('opened_by').notNull().references(() => people.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('survey_rounds_circle_idx').on(t.circleId, t.closesAt), uniqueIndex('survey_rounds_effect_uq').on(t.effectId)],
);

/**
 * Who is asked, and whether they have answered: nothing else. No time, no token, no link to
 * the answer, so the row says only "this person has answered this round".
 */
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    roundId: uuid('round_id').notNull().references(() => surveyRounds.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    answered: boolean('answered').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.personId] }), index('survey_invitations_person_idx').on(t.personId)],
);

/**
 * One person's answers to a round, WITHOUT who they are: a random id, no person, no time, no
 * order. The group and the team or circle are kept because the results need them (ADR 0026:
 * the re-identification risk and the rule of five).
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey(),
    roundId: uuid('round_id').notNull().references(() => surveyRounds.id),
    stakeholderGroup: text('stakeholder_group', { enum: stakeholderGroups }).notNull(),
    circleId: uuid('circle_id').notNull().references(() => circles.id),
  },
  (t) => [index('survey_responses_round_idx').on(t.roundId)],
);

export const surveyAnswers = pgTable(
  'survey_answers',
  {
    responseId: uuid('response_id').notNull().references(() => surveyResponses.id),
    statementId: uuid('statement_id').notNull().references(() => surveyStatements.id),
    score: smallint('score').notNull(),
    comment: text('comment'),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.statementId] }), check('survey_answers_score', sql`${t.score} between 1 and 5`)],
);
