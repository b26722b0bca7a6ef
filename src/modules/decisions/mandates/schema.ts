import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { circles, logbookEntries } from '../../circles/schema.ts';
import { proposals } from '../schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const effectKinds = ['create_circle', 'change_aim', 'change_domain', 'set_silence_policy', 'change_setting', 'admit_member', 'allow_pool_payments', 'run_survey_round'] as const;
export type EffectKind = (typeof effectKinds)[number];

/**
 * proposed: part of a proposal version not (yet) adopted. applied: made on adoption, done.
 * available: adopted, authorising later acts within its limits. used_up: nothing left to use.
 */
export const effectStatuses = ['proposed', 'applied', 'available', 'used_up'] as const;
export type EffectStatus = (typeof effectStatuses)[number];

/**
 * A mandate: what a proposal version authorises, one row per typed effect. Each amendment
 * copies its version's effects (possibly changed), so every version keeps its own. On
 * adoption the adopted version's rows get the logbook entry and leave `proposed`; nothing
 * else ever cites a decision as authority without finding its row here.
 */
export const mandateEffects = pgTable(
  'mandate_effects',
  {
    id: uuid('id').primaryKey(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    version: integer('version').notNull(),
    position: integer('position').notNull(),
    /** The proposal's circle: the only circle the effect may act for. */
    circleId: uuid('circle_id')
      .notNull()
      .references(() => circles.id),
    kind: text('kind', { enum: effectKinds }).notNull(),
    /** The kind's fields, as its zod schema in kinds.ts gives them. */
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    /** What the effect is about, for look-ups: the pool, the application (membership), the setting key. */
    subjectId: text('subject_id'),
    status: text('status', { enum: effectStatuses }).notNull().default('proposed'),
    logbookEntryId: uuid('logbook_entry_id').references(() => logbookEntries.id),
    /** What applying it made (the new circle's id), or how it was used. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    appliedAt: at('applied_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('mandate_effects_version_idx').on(t.proposalId, t.version, t.position),
    index('mandate_effects_entry_idx').on(t.logbookEntryId).where(sql`logbook_entry_id IS NOT NULL`),
    check('mandate_effects_adopted_has_entry', sql`(${t.status} = 'proposed') = (${t.logbookEntryId} IS NULL)`),
  ],
);
export type MandateEffect = typeof mandateEffects.$inferSelect;
