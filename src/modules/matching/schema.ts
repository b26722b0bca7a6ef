import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { circles } from '../circles/schema.ts';
import { people } from '../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface Qualification {
  name: string;
  /** Year and month gained, YYYY-MM. */
  date: string;
}

/**
 * A person's Giving Support Profile: what they offer, where, and when. One per person, edited
 * only by them. Latitude and longitude come from the postcode district, never from a network.
 */
export const givingProfiles = pgTable(
  'giving_profiles',
  {
    personId: uuid('person_id').primaryKey().references(() => people.id),
    aboutMe: text('about_me').notNull(),
    postcode: text('postcode').notNull(),
    district: text('district').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    travelMiles: integer('travel_miles').notNull(),
    driver: boolean('driver').notNull(),
    givesAs: text('gives_as', { enum: ['paid', 'volunteer'] }).notNull(),
    supportOffered: jsonb('support_offered').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    hourlyRatePence: integer('hourly_rate_pence'),
    experience: text('experience').notNull(),
    expertise: jsonb('expertise').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    qualifications: jsonb('qualifications').$type<Qualification[]>().notNull().default(sql`'[]'::jsonb`),
    languages: jsonb('languages').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Slots such as "mon-morning": days by parts of the day. */
    availability: jsonb('availability').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    openToNewTeams: boolean('open_to_new_teams').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  // The search's bounding box narrows on latitude first, then longitude, inside the index.
  (t) => [index('giving_profiles_place_idx').on(t.lat, t.lng)],
);

export const callOutStates = ['draft', 'consented', 'open', 'closed'] as const;
export type CallOutState = (typeof callOutStates)[number];

/** An opportunity summary for a team, shared with nearby supporters only with the owner's consent. */
export const callOuts = pgTable(
  'call_outs',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    text: text('text').notNull(),
    postcode: text('postcode').notNull(),
    district: text('district').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    skillsWanted: jsonb('skills_wanted').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    state: text('state', { enum: callOutStates }).notNull(),
    draftedBy: uuid('drafted_by').notNull().references(() => people.id),
    consentedBy: uuid('consented_by').references(() => people.id),
    consentedAt: at('consented_at'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('call_outs_team_idx').on(t.teamId), index('call_outs_open_idx').on(t.state, t.lat, t.lng)],
);

/** "I'm interested": a supporter answering an open call-out. Once per person per call-out. */
export const callOutInterests = pgTable(
  'call_out_interests',
  {
    id: uuid('id').primaryKey(),
    callOutId: uuid('call_out_id').notNull().references(() => callOuts.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    message: text('message').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('call_out_interests_uq').on(t.callOutId, t.personId)],
);

export const introductionStates = ['shortlisted', 'introduced', 'met', 'went_well', 'not_a_fit', 'removed'] as const;
export type IntroductionState = (typeof introductionStates)[number];

/** A supporter on a team's shortlist, and how their introduction to the team went. */
export const shortlistEntries = pgTable(
  'shortlist_entries',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    state: text('state', { enum: introductionStates }).notNull(),
    note: text('note').notNull(),
    addedBy: uuid('added_by').notNull().references(() => people.id),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('shortlist_entries_team_idx').on(t.teamId),
    index('shortlist_entries_person_idx').on(t.personId),
    // A person is on a team's shortlist once at a time; after removal they may be added again.
    uniqueIndex('shortlist_entries_current_uq').on(t.teamId, t.personId).where(sql`state <> 'removed'`),
  ],
);
