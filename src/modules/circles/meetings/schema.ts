import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { people } from '../../people/schema.ts';
import { circles, logbookEntries } from '../schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const meetingStates = ['scheduled', 'open', 'closed', 'minutes_drafted', 'minutes_approved', 'cancelled'] as const;
export type MeetingState = (typeof meetingStates)[number];

export const meetings = pgTable(
  'circle_meetings',
  {
    id: uuid('id').primaryKey(),
    circleId: uuid('circle_id').notNull().references(() => circles.id),
    startsAt: at('starts_at').notNull(),
    place: text('place').notNull(),
    state: text('state', { enum: meetingStates }).notNull().default('scheduled'),
    scheduledBy: uuid('scheduled_by').notNull().references(() => people.id),
    /** Who facilitates: the Facilitator hat's holder, or a full member named at the opening by those present. */
    facilitatorId: uuid('facilitator_id').references(() => people.id),
    openedAt: at('opened_at'),
    /** Attendance and rounds: [{personId, name, role: member|guest|apology, opening, closing}]. */
    attendance: jsonb('attendance').$type<Attendee[]>().notNull().default(sql`'[]'::jsonb`),
    minutes: text('minutes'),
    approvedBy: uuid('approved_by').references(() => people.id),
    logbookEntryId: uuid('logbook_entry_id').references(() => logbookEntries.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('circle_meetings_circle_idx').on(t.circleId, t.startsAt)],
);

export interface Attendee {
  personId: string;
  name: string;
  role: 'member' | 'guest' | 'apology';
  /** Who recorded the person present: themselves (checked in) or the facilitator. */
  recordedBy?: string;
  opening?: string;
  closing?: string;
}

export const agendaItems = pgTable(
  'circle_meeting_items',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id),
    kind: text('kind', { enum: ['proposal', 'review', 'selection', 'report'] }).notNull(),
    title: text('title').notNull(),
    reference: uuid('reference'),
    confidential: boolean('confidential').notNull().default(false),
    notes: text('notes'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('circle_meeting_items_idx').on(t.meetingId)],
);
