import { is } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import * as schema from '../../schema.ts';

/**
 * Which columns of which tables name a person, read from the schema itself: every column with
 * a foreign key to people, and the few that hold a person's id without one (chains and logs
 * that must outlive any row, and lists of people kept as JSON). A table added later with a
 * foreign key to people is in the export without anyone remembering to add it.
 */
const withoutForeignKey: Record<string, string[]> = {
  access_log: ['actor_id', 'owner_id'],
  care_log_versions: ['actor_id'],
  credit_transfers: ['created_by'],
  events: ['actor_id'],
  idempotency_keys: ['actor_id'],
  membership_changes: ['by_person_id'],
  notifications: ['person_id'],
  pool_allowances: ['created_by'],
  share_movements: ['by_person_id'],
};

/** JSON lists of person ids: a row names the person when the list holds their id. */
export const personLists: Record<string, string[]> = {
  care_notes: ['chosen'],
  conflicts: ['involved_ids'],
};

export interface PersonTable {
  name: string;
  /** Columns holding one person's id. */
  columns: string[];
  /** JSON columns holding a list of person ids. */
  lists: string[];
  /** Primary-key columns, to name each row in the export. */
  key: string[];
}

/** Every table with a column that names a person, with those columns: from the schema, in name order. */
export function personTables(): PersonTable[] {
  const out: PersonTable[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    const fks = config.foreignKeys
      .filter((fk) => getTableConfig(fk.reference().foreignTable).name === 'people')
      .flatMap((fk) => fk.reference().columns.map((c) => c.name));
    const columns = [...new Set([...fks, ...(withoutForeignKey[config.name] ?? [])])];
    const lists = personLists[config.name] ?? [];
    if (config.name === 'people') columns.push('id');
    if (columns.length === 0 && lists.length === 0) continue;
    const key = config.primaryKeys[0]?.columns.map((c) => c.name) ?? config.columns.filter((c) => c.primary).map((c) => c.name);
    out.push({ name: config.name, columns, lists, key });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Columns never put in an export, whoever's row: secrets (hashes of tokens and passwords,
 * which are no one's personal data but would help an attacker) and stored files or answers.
 */
export const secretColumns: Record<string, string[]> = {
  people: ['password_hash'],
  sessions: ['token_hash'],
  api_tokens: ['token_hash'],
  calendar_feeds: ['token_hash'],
  password_resets: ['token_hash'],
  invitations: ['token_hash'],
  idempotency_keys: ['request_hash', 'answer'],
  credit_transfers: ['request_hash', 'idempotency_key'],
  data_exports: ['archive'],
  care_expenses: ['receipt'],
};

/**
 * Tables whose rows are read through their module's own read functions (care text that is
 * encrypted at rest and decrypted there, and records with their own readership rules), not
 * copied here as rows: care.ts and withheld.ts put them in the export, or list them as withheld.
 */
export const readThroughModules: Record<string, string> = {
  care_notes: 'Care notes: in "care notes" with their words, or in "withheld" where you may not read them',
  care_note_versions: 'Care note versions: in "care notes" with their words, or in "withheld"',
  medicines: 'Medicines: in "medication record" (the MAR), day by day',
  medication_doses: 'Doses: in "medication record" (the MAR), day by day',
  support_profiles: 'The Getting Support Profile: in "profile", the sections you may read',
  concerns: 'Concerns: in "concerns" where you may read them, or in "withheld"',
  concern_steps: 'Steps of a concern: with the concern in "concerns", or withheld with it',
  concern_viewers: 'Who may see a concern: with the concern in "concerns", or withheld with it',
  conflicts: 'Conflict support: in "conflicts" where you may read it, or in "withheld"',
  conflict_steps: 'Steps of a conflict: with the conflict in "conflicts", or withheld with it',
};

/** What each table holds, in a few words, for the export's description of its fields. */
export const tableWords: Record<string, string> = {
  people: 'Your account: name, contact details, preferences',
  sessions: 'Devices you signed in on',
  api_tokens: 'API tokens you made (their secrets are never kept)',
  calendar_feeds: 'Your private calendar feed links',
  password_resets: 'Password reset links asked for',
  invitations: 'Invitations you sent or accepted',
  memberships: 'Your memberships of the co-op, by class',
  share_movements: 'Your share capital: bought, withdrawals',
  circle_members: 'Circles you are or were in',
  circles: 'Circles you own (a Team is the owner\'s circle)',
  hat_assignments: 'Hats (roles) you wore, and when',
  chat_messages: 'Chat messages you wrote',
  chat_read_marks: 'How far you have read each chat',
  notifications: 'Notifications sent to you',
  credit_accounts: 'Your credits account',
  credit_transfers: 'Credit transfers you made',
  events: 'Things you did in the platform, as its event log recorded them',
  access_log: 'Reads of sensitive records: yours by others, and others\' by you',
  care_logs: 'Care logs where you gave, confirmed, adjusted, disputed or resolved support',
  care_log_versions: 'Changes you made to care logs',
  visits: 'Visits you booked',
  visit_supporters: 'Visits you came to',
  consent_responses: 'Your answers in consent rounds',
  proposal_reactions: 'Your reactions to proposals',
  proposals: 'Proposals you wrote or facilitated',
  team_joins: 'Your ways into teams (invited, asked, trial, joined)',
  giving_profiles: 'Your giving profile (what support you offer)',
  data_exports: 'Exports of your data asked for',
  anonymisations: 'When your details were anonymised after you left',
};
