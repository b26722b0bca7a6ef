import { date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { circles } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import type { StageRecords } from './records.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The eight stages of starting a team (DOMAIN 4.1), in order. */
export const stages = ['first_contact', 'beginning', 'matching', 'conversation', 'profiles', 'building', 'organising', 'stepping_back'] as const;
export type Stage = (typeof stages)[number];
/** Where an enquiry can leave the stages: paused (on hold, waitlisted) or finished. */
export const exits = ['waitlisted', 'signposted', 'on_hold', 'ended', 'self_managing'] as const;
export const enquiryStates = [...stages, ...exits] as const;
export type EnquiryState = (typeof enquiryStates)[number];

/**
 * One person's way towards a team, owned by a Local Circle and run by its Team Starters and
 * Coaches. What each stage learns is kept as typed JSON per stage (validated by records.ts),
 * so a stage can grow a question without a migration.
 */
export const starterEnquiries = pgTable(
  'starter_enquiries',
  {
    id: uuid('id').primaryKey(),
    circleId: uuid('circle_id').notNull().references(() => circles.id),
    state: text('state', { enum: enquiryStates }).notNull().default('first_contact'),
    /** The stage to return to from on hold or the waiting list. */
    resumeState: text('resume_state', { enum: stages }),
    records: jsonb('records').$type<StageRecords>().notNull(),
    /** The person the support is for, once they are a person in the co-op: they see their own enquiry. */
    personId: uuid('person_id').references(() => people.id),
    teamId: uuid('team_id').references(() => circles.id),
    nextCheckIn: date('next_check_in', { mode: 'string' }).notNull(),
    /** The check-in date a reminder was last sent for: each date is reminded once. */
    checkInRemindedFor: date('check_in_reminded_for', { mode: 'string' }),
    createdBy: uuid('created_by').notNull().references(() => people.id),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('starter_enquiries_circle_idx').on(t.circleId, t.state),
    index('starter_enquiries_person_idx').on(t.personId),
    index('starter_enquiries_team_idx').on(t.teamId),
  ],
);

export type Enquiry = typeof starterEnquiries.$inferSelect;
