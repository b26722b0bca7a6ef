import type pg from 'pg';
import type { Coop } from './plan.ts';

/** What every loading phase gets: one connection, the plan, and where to report progress and counts. */
export interface LoadContext {
  client: pg.ClientBase;
  coop: Coop;
  /** The one argon2id hash of the bench password, computed once by the project's own hashPassword. */
  passwordHash: string;
  progress(done: number, total: number): void;
  /** Rows written to a table (added up when a table is written by several phases). */
  count(table: string, rows: number): void;
  /** The next id of a kind shared by several phases (logbook entries): uuidOf(kind, serial). */
  nextId(kind: number): string;
  /** Remember an id the page benchmark may want (written to bench/.out/coop-s<N>.json). */
  sample(key: string, id: string): void;
}
