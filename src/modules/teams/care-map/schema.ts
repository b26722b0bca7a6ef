import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { circles } from '../../circles/schema.ts';
import { people } from '../../people/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** What is at the other end of a link on the community care map (DOMAIN.md 8). */
export const connectionKinds = ['group', 'organisation', 'service', 'person'] as const;
export type ConnectionKind = (typeof connectionKinds)[number];
/**
 * The kind of care flowing along a link (DOMAIN.md 8): generative (it grows the person's life
 * and gives back), engaged (it is in use and helps), inactive (it is there but nothing flows now).
 */
export const careKinds = ['generative', 'engaged', 'inactive'] as const;
export type CareKind = (typeof careKinds)[number];

/**
 * One link from the team's owner to someone or something outside the team: a lunch club, the
 * GP surgery, a neighbour. The owner's side keeps these; removing one deletes the row (the event
 * says it happened), so what the owner takes off the map is not kept about them.
 */
export const teamConnections = pgTable(
  'team_connections',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull().references(() => circles.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: connectionKinds }).notNull(),
    care: text('care', { enum: careKinds }).notNull(),
    note: text('note'),
    createdBy: uuid('created_by').notNull().references(() => people.id),
    updatedBy: uuid('updated_by').notNull().references(() => people.id),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('team_connections_team_idx').on(t.teamId),
    // The same lunch club twice on one map is a slip; the form says so beside the name.
    uniqueIndex('team_connections_name_uq').on(t.teamId, sql`lower(${t.name})`),
  ],
);
