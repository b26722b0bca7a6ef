import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { logbookEntries } from '../circles/schema.ts';
import { proposals } from '../decisions/schema.ts';
import { people } from '../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const memberClasses = ['supported', 'advocate', 'worker', 'investor'] as const;
export const membershipStates = ['applied', 'probation', 'admitted', 'suspended', 'left', 'removed'] as const;
export type MembershipState = (typeof membershipStates)[number];

/** A person's membership of one class of the co-op. */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull().references(() => people.id),
    memberClass: text('member_class', { enum: memberClasses }).notNull(),
    state: text('state', { enum: membershipStates }).notNull().default('applied'),
    /** Advocates act for someone who cannot be a member themselves. */
    actingFor: text('acting_for'),
    workerKind: text('worker_kind', { enum: ['paid', 'volunteer'] }),
    commitmentAcceptedAt: at('commitment_accepted_at'),
    eligibilityCheckedAt: at('eligibility_checked_at'),
    /** The adopted proposal in the Members' Circle that admitted them. */
    admissionProposalId: uuid('admission_proposal_id').references(() => proposals.id),
    appliedAt: at('applied_at').notNull(),
    admittedAt: at('admitted_at'),
    endedAt: at('ended_at'),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [uniqueIndex('memberships_person_class').on(t.personId, t.memberClass), index('memberships_state_idx').on(t.state)],
);

/** Every change of state, with its date and reason: the register's history. */
export const membershipChanges = pgTable(
  'membership_changes',
  {
    id: uuid('id').primaryKey(),
    membershipId: uuid('membership_id').notNull().references(() => memberships.id),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    reason: text('reason'),
    byPersonId: uuid('by_person_id'),
    at: at('at').notNull(),
  },
  (t) => [index('membership_changes_idx').on(t.membershipId, t.at)],
);

/** Community share capital: the register is the sum of these movements, in pence. */
export const shareMovements = pgTable(
  'share_movements',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull().references(() => people.id),
    kind: text('kind', { enum: ['buy', 'withdrawal_request', 'withdrawal_approved', 'withdrawn'] }).notNull(),
    amountPence: bigint('amount_pence', { mode: 'number' }).notNull(),
    requestId: uuid('request_id'),
    byPersonId: uuid('by_person_id'),
    at: at('at').notNull(),
  },
  (t) => [index('share_movements_person_idx').on(t.personId, t.at)],
);

export const generalMeetings = pgTable('general_meetings', {
  id: uuid('id').primaryKey(),
  kind: text('kind', { enum: ['agm', 'members'] }).notNull(),
  title: text('title').notNull(),
  startsAt: at('starts_at').notNull(),
  place: text('place').notNull(),
  agenda: text('agenda').notNull().default(''),
  noticeSentAt: at('notice_sent_at'),
  minutes: text('minutes'),
  state: text('state', { enum: ['scheduled', 'closed'] }).notNull().default('scheduled'),
  createdAt: at('created_at').notNull(),
});

export const attendance = pgTable(
  'general_meeting_attendance',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id').notNull().references(() => generalMeetings.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    at: at('at').notNull(),
  },
  (t) => [uniqueIndex('gm_attendance_unique').on(t.meetingId, t.personId)],
);

/** A member lets another vote for them at one meeting; a holder holds at most five. */
export const proxies = pgTable(
  'general_meeting_proxies',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id').notNull().references(() => generalMeetings.id),
    grantorId: uuid('grantor_id').notNull().references(() => people.id),
    holderId: uuid('holder_id').notNull().references(() => people.id),
    at: at('at').notNull(),
  },
  (t) => [uniqueIndex('gm_proxies_grantor').on(t.meetingId, t.grantorId), index('gm_proxies_holder').on(t.meetingId, t.holderId)],
);

export const resolutions = pgTable('resolutions', {
  id: uuid('id').primaryKey(),
  meetingId: uuid('meeting_id').notNull().references(() => generalMeetings.id),
  title: text('title').notNull(),
  text: text('text').notNull(),
  kind: text('kind', { enum: ['ordinary', 'special'] }).notNull(),
  secret: boolean('secret').notNull().default(true),
  state: text('state', { enum: ['open', 'closed'] }).notNull().default('open'),
  /** A long-term decision waiting on this resolution. */
  proposalId: uuid('proposal_id').references(() => proposals.id),
  tally: jsonb('tally'),
  passed: boolean('passed'),
  logbookEntryId: uuid('logbook_entry_id').references(() => logbookEntries.id),
  createdAt: at('created_at').notNull(),
  closedAt: at('closed_at'),
});

/** One vote per member per resolution; changeable until the resolution closes. */
export const votes = pgTable(
  'resolution_votes',
  {
    id: uuid('id').primaryKey(),
    resolutionId: uuid('resolution_id').notNull().references(() => resolutions.id),
    memberId: uuid('member_id').notNull().references(() => people.id),
    castBy: uuid('cast_by').notNull().references(() => people.id),
    how: text('how', { enum: ['online', 'in_person', 'proxy'] }).notNull(),
    choice: text('choice', { enum: ['for', 'against'] }).notNull(),
    at: at('at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('resolution_votes_unique').on(t.resolutionId, t.memberId)],
);

/** Settings the members decide, each change citing the decision that made it. */
export const coopSettings = pgTable('coop_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull().default(sql`'null'::jsonb`),
  decisionEntryId: uuid('decision_entry_id').references(() => logbookEntries.id),
  changedAt: at('changed_at').notNull(),
});
