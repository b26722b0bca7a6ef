import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from '../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const circleKinds = ['circle', 'team'] as const;
export const participationTypes = ['full', 'learning', 'guest'] as const;
export type Participation = (typeof participationTypes)[number];

/** A circle: people with an aim and a domain. A Team is a circle of kind 'team'. */
export const circles = pgTable(
  'circles',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: circleKinds }).notNull().default('circle'),
    aim: text('aim').notNull(),
    domain: text('domain').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => circles.id),
    ownerId: uuid('owner_id').references(() => people.id),
    /** The circle's policy on silence at an online consent deadline (ours: off by default). */
    silenceIsConsent: boolean('silence_is_consent').notNull().default(false),
    /** The parent circle's logbook decision that created this circle (none for founding circles). */
    createdByDecision: uuid('created_by_decision'),
    createdAt: at('created_at').notNull(),
    /**
     * Kept by triggers in the same transaction as the change (migration 0037, ADR 0022), so a
     * page shows them without counting: its current direct members, and the circles and teams
     * directly within it.
     */
    memberCount: integer('member_count').notNull().default(0),
    circleCount: integer('circle_count').notNull().default(0),
    teamCount: integer('team_count').notNull().default(0),
  },
  (t) => [
    index('circles_parent_idx').on(t.parentId),
    // One level of the circle map, a page at a time in name order.
    index('circles_level_idx').on(t.parentId, t.kind, t.name, t.id),
    // A person's own teams ("my visits", ADR 0032) without reading every circle.
    index('circles_owner_idx').on(t.ownerId).where(sql`owner_id IS NOT NULL`),
  ],
);

/** Direct membership. Links (Leader, Delegate) make people members of the parent by their hat, not by a row here. */
export const circleMembers = pgTable(
  'circle_members',
  {
    id: uuid('id').primaryKey(),
    circleId: uuid('circle_id')
      .notNull()
      .references(() => circles.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    participation: text('participation', { enum: participationTypes }).notNull().default('full'),
    joinedAt: at('joined_at').notNull(),
    leftAt: at('left_at'),
    /** The person's name, kept by triggers (migration 0037), so a page of members is an index range in name order. */
    personName: text('person_name').notNull().default(''),
  },
  (t) => [
    index('circle_members_circle_idx').on(t.circleId),
    index('circle_members_keyset_idx').on(t.circleId, t.personName, t.personId).where(sql`left_at IS NULL`),
    index('circle_members_person_idx').on(t.personId),
    // The circles a person is in now, without reading the ones they have left.
    index('circle_members_person_current_idx').on(t.personId, t.circleId).where(sql`left_at IS NULL`),
  ],
);

export const hatKinds = ['process', 'operational', 'team'] as const;

export const hatDefinitions = pgTable(
  'hat_definitions',
  {
    id: uuid('id').primaryKey(),
    circleId: uuid('circle_id')
      .notNull()
      .references(() => circles.id),
    /** Set for the hats the platform itself relies on: leader, delegate, facilitator, secretary, logbook-keeper. */
    role: text('role'),
    name: text('name').notNull(),
    kind: text('kind', { enum: hatKinds }).notNull(),
    purpose: text('purpose').notNull(),
    responsibilities: jsonb('responsibilities').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    termMonths: integer('term_months').notNull(),
    reviewMonths: integer('review_months').notNull(),
    requiresChecks: boolean('requires_checks').notNull().default(false),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('hat_definitions_circle_idx').on(t.circleId),
    // A circle's Leader and Delegate hats, read without the table for every circle within a
    // Local Circle when its members are listed (circles/queries.ts and facts.ts, `links`).
    index('hat_definitions_links_idx').on(t.circleId, t.id, t.name).where(sql`role IN ('leader', 'delegate')`),
  ],
);

export const hatAssignments = pgTable(
  'hat_assignments',
  {
    id: uuid('id').primaryKey(),
    hatId: uuid('hat_id')
      .notNull()
      .references(() => hatDefinitions.id),
    circleId: uuid('circle_id')
      .notNull()
      .references(() => circles.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }).notNull(),
    reviewDate: date('review_date', { mode: 'string' }).notNull(),
    chosenBy: text('chosen_by', { enum: ['election', 'self-selected', 'appointed'] }).notNull(),
    endedAt: at('ended_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('hat_assignments_person_idx').on(t.personId),
    index('hat_assignments_circle_idx').on(t.circleId),
    // Who wears a hat now: most assignments ever made have ended, and `links` asks this per hat.
    index('hat_assignments_hat_open_idx').on(t.hatId).where(sql`ended_at IS NULL`),
  ],
);

/**
 * Who links into a circle (double-linking): one row for each Leader or Delegate hat assignment
 * of a circle within it that has not ended, kept by triggers from hat_assignments, circle_members,
 * people, hat_definitions and circles (migration 0049, ADR 0040), so a circle's link members are
 * an index range in name order, like its direct members, however many circles are within it.
 * The term's dates are kept too: a link is a membership only while its term runs.
 */
export const circleLinks = pgTable(
  'circle_links',
  {
    assignmentId: uuid('assignment_id')
      .primaryKey()
      .references(() => hatAssignments.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id')
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').notNull(),
    hatId: uuid('hat_id').notNull(),
    personId: uuid('person_id').notNull(),
    personName: text('person_name').notNull(),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }).notNull(),
    /** Whether the person is also a direct member of the parent circle (counted once). */
    direct: boolean('direct').notNull(),
  },
  (t) => [
    index('circle_links_keyset_idx').on(t.parentId, t.personName, t.personId),
    index('circle_links_person_idx').on(t.parentId, t.personId, t.direct, t.termStart, t.termEnd),
  ],
);

export const logbookKinds = ['decision', 'policy', 'selection', 'aim', 'domain', 'minutes'] as const;
export const logbookStates = ['in_force', 'review_due', 'continued', 'amended', 'retired'] as const;

/**
 * The circle's logbook: every adopted decision, policy, selection, aim or domain change and
 * approved minutes. `history` keeps the proposal's full story (versions, rounds, objections).
 */
export const logbookEntries = pgTable(
  'logbook_entries',
  {
    id: uuid('id').primaryKey(),
    circleId: uuid('circle_id')
      .notNull()
      .references(() => circles.id),
    kind: text('kind', { enum: logbookKinds }).notNull(),
    title: text('title').notNull(),
    text: text('text').notNull(),
    authorId: uuid('author_id').references(() => people.id),
    /** The proposal (or selection) it came from, when there was one. */
    sourceType: text('source_type'),
    sourceId: uuid('source_id'),
    history: jsonb('history').$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
    confidential: boolean('confidential').notNull().default(false),
    /**
     * Whether the entry is in a team's logbook: set by the database from its circle on every
     * insert (migration 0047), never by the code, so that logbook search can read the circles'
     * entries alone by one index (a team's logbook is read only by its people; most entries are
     * teams'). The search still checks the circle's kind: this only finds, it does not decide.
     */
    inTeam: boolean('in_team').notNull().default(false),
    adoptedAt: at('adopted_at').notNull(),
    reviewDate: date('review_date', { mode: 'string' }),
    state: text('state', { enum: logbookStates }).notNull().default('in_force'),
    /** When an entry is amended or retired by a later one, the later entry's id. */
    supersededBy: uuid('superseded_by'),
  },
  (t) => [
    index('logbook_circle_idx').on(t.circleId, t.adoptedAt),
    // Logbook search newest first across circles, a page at a time (keyset on adoption, id).
    index('logbook_adopted_idx').on(t.adoptedAt, t.id),
    // The same for the circles' entries alone, the part of a search outside a person's own circles.
    index('logbook_circles_adopted_idx').on(t.adoptedAt, t.id).where(sql`NOT in_team`),
    index('logbook_review_idx').on(t.reviewDate),
    // What is due for review in a person's circles (home) or in one circle, without the co-op's.
    index('logbook_due_idx').on(t.circleId, t.reviewDate).where(sql`state IN ('in_force', 'review_due')`),
    // Logbook search is a substring match (ILIKE '%term%') on title and text: trigram indexes
    // find the entries without reading the whole logbook (pg_trgm, migration 0022).
    index('logbook_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')),
    index('logbook_text_trgm_idx').using('gin', t.text.op('gin_trgm_ops')),
  ],
);
