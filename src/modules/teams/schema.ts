import { sql } from 'drizzle-orm';
import { index, integer, uniqueIndex, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from '../people/schema.ts';
import { circles } from '../circles/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** What a Team adds to its circle: the owner's advocate, where the owner has chosen one. */
export const teams = pgTable('teams', {
  circleId: uuid('circle_id').primaryKey().references(() => circles.id),
  advocateId: uuid('advocate_id').references(() => people.id),
  /** Set when the Team Starter steps back with the essential hats held: the team runs itself. */
  selfManagingAt: at('self_managing_at'),
  steppedBackBy: uuid('stepped_back_by').references(() => people.id),
  updatedAt: at('updated_at').notNull(),
}, (t) => [
  // The teams a person is the advocate of (their chats, their teams' care logs), without reading every team.
  index('teams_advocate_idx').on(t.advocateId).where(sql`advocate_id IS NOT NULL`),
]);

export const supporterKinds = ['family', 'friend', 'paid', 'volunteer', 'peer', 'professional', 'team-starter'] as const;
export type SupporterKind = (typeof supporterKinds)[number];
export const joinStates = ['invited', 'requested', 'trial', 'joined', 'not_continued', 'declined', 'refused', 'withdrawn'] as const;
export type JoinState = (typeof joinStates)[number];

/** One person's way into a team: invited or asking, then a trial, then joined or not. */
export const teamJoins = pgTable(
  'team_joins',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    route: text('route', { enum: ['invite', 'request'] }).notNull(),
    state: text('state', { enum: joinStates }).notNull(),
    supporterKind: text('supporter_kind', { enum: supporterKinds }).notNull(),
    message: text('message'),
    trialSessions: integer('trial_sessions'),
    startedBy: uuid('started_by').notNull().references(() => people.id),
    decidedBy: uuid('decided_by').references(() => people.id),
    debrief: text('debrief'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('team_joins_team_idx').on(t.teamId),
    index('team_joins_person_idx').on(t.personId),
    // One open way in per person per team: a second invitation while one is open is a mistake.
    uniqueIndex('team_joins_open_uq').on(t.teamId, t.personId).where(sql`state in ('invited', 'requested', 'trial')`),
  ],
);

/** The Getting Support Promise, accepted by the owner (or their advocate) for the team. Append-only. */
export const teamPromises = pgTable(
  'team_promises',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    version: integer('version').notNull(),
    acceptedBy: uuid('accepted_by').notNull().references(() => people.id),
    acceptedAt: at('accepted_at').notNull(),
  },
  (t) => [index('team_promises_team_idx').on(t.teamId)],
);

export const visibilities = ['team', 'chosen', 'me'] as const;
export type Visibility = (typeof visibilities)[number];
export interface ProfileSection { text: string; visibility: Visibility; chosen: string[] }

/** The owner's Getting Support Profile: each section with who may read it. */
export const supportProfiles = pgTable('support_profiles', {
  teamId: uuid('team_id').primaryKey().references(() => circles.id),
  sections: jsonb('sections').$type<Record<string, ProfileSection>>().notNull(),
  updatedBy: uuid('updated_by').notNull().references(() => people.id),
  updatedAt: at('updated_at').notNull(),
});

/** Leaving well: a member's notice, with the date they go and their handover. */
export const teamNotices = pgTable(
  'team_notices',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    leavingOn: text('leaving_on').notNull(),
    handover: text('handover').notNull(),
    givenAt: at('given_at').notNull(),
    leftAt: at('left_at'),
  },
  (t) => [index('team_notices_team_idx').on(t.teamId)],
);
