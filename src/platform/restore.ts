import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { BackupRefused, type CheckedBackup, checkBackupFile, compareWithTrailer, Tally } from './backup-file.ts';
import { keyColumns, selfReferencing, tablesInOrder, tablesWithRows } from './backup-tables.ts';
import { type Checkpoints, type Heads, readHeads, sameHeads } from './checkpoints.ts';
import type { Database, Db } from './db.ts';
import { describeKey, restoreRefusal } from './restore-errors.ts';
import { loadConfig } from '../config.ts';
import { checkBackupKeys } from './encryption/backup-keys.ts';
import type { KeySettings } from './encryption/master-key.ts';
import { keySettings } from './encryption/startup.ts';

/** Rows are sent to the database this many at a time (fewer if long): a bounded batch. */
const BATCH_ROWS = 2000;
const BATCH_BYTES = 4 * 1024 * 1024;
export interface RestoreOptions {
  /** Rows per INSERT (tests set it low to put rows that point at each other in different batches). */
  batchRows?: number;
  /** The audit checkpoints of this data directory: the restore writes one, starting the record afresh. */
  checkpoints?: Checkpoints;
  /** Where the encryption key is looked for (the configuration's, unless given). */
  keys?: KeySettings;
}

/**
 * Load a backup into an empty, migrated database in one transaction: all or nothing. The whole
 * file is checked first (checkBackupFile), the database must hold no row in any table, and every
 * table and column of the file must exist here. Rows are passed on as the text they were
 * written in. A table whose rows point at rows of the same table (corrections, reversals,
 * parent circles) is loaded through a temporary table and copied in one statement, so its
 * foreign keys are checked once all its rows are there, whatever order the backup holds them
 * in. Every failure is a BackupRefused of one line that names a table, a line or a key, never
 * a row's values.
 */
export async function restore(
  database: Database,
  file: string,
  onProgress?: (table: string, rows: number) => void,
  options: RestoreOptions = {},
): Promise<{ rows: number; checked: CheckedBackup }> {
  const batchRows = options.batchRows ?? BATCH_ROWS;
  const checked = await checkBackupFile(file);
  // A backup's care text is sealed: without the key that wrapped its data keys it is restored for nothing (ADR 0024).
  await checkBackupKeys(file, options.keys ?? keySettings(loadConfig()));
  const full = await tablesWithRows(database);
  if (full.length > 0) {
    throw new BackupRefused(`the database is not empty: ${full.slice(0, 3).join(', ')}${full.length > 3 ? ` and ${full.length - 3} more tables` : ''} hold rows. Restore needs an empty database.`);
  }
  const here = new Map((await tablesInOrder(database)).map((t) => [t.name, new Set(t.columns)]));
  for (const [table, columns] of checked.columns) {
    const known = here.get(table);
    const unknown = known ? columns.find((c) => !known.has(c)) : undefined;
    if (!known || unknown) {
      throw new BackupRefused(`${known ? `column ${table}.${unknown}` : `table ${table}`} of the backup is not in this database (the backup is of schema ${checked.header.schema}): restore it with the version that made it.`);
    }
  }
  const staged = await selfReferencing(database);
  const keys = await keyColumns(database);
  let rows = 0;
  let where = 'loading';
  let restoredHeads: Heads | null = null;
  try {
    await database.db.transaction(async (tx) => {
      // Opened only now: readline drops lines emitted before the loop below starts reading.
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
      const tally = new Tally();
      let table: string | null = null;
      let columns: string[] = [];
      let target = '';
      let batch: { row: string; line: number }[] = [];
      let bytes = 0;
      const sequences: { name: string; value: string | null }[] = [];
      const insert = (db: Db, slice: { row: string }[]) => {
        const cols = sql.join(columns.map((c) => sql.identifier(c)), sql`, `);
        return db.execute(
          sql`INSERT INTO ${sql.identifier(target)} (${cols}) SELECT ${cols}
              FROM jsonb_populate_recordset(NULL::${sql.identifier(table as string)}, ${`[${slice.map((b) => b.row).join(',')}]`}::jsonb)`,
        );
      };
      const flush = async () => {
        if (!table || batch.length === 0) return;
        try {
          await tx.transaction((savepoint) => insert(savepoint, batch));
        } catch {
          // Find the row the database refuses, one at a time, to name it by its key.
          for (const one of batch) {
            try {
              await tx.transaction((savepoint) => insert(savepoint, [one]));
            } catch (error) {
              throw restoreRefusal(error, `table ${table}, line ${one.line} (${describeKey(one.row, keys.get(table) ?? [])})`);
            }
          }
          throw new BackupRefused(`table ${table}, lines ${batch[0]?.line} to ${batch.at(-1)?.line}: the database refused them together but each alone. Nothing was restored.`);
        }
        rows += batch.length;
        onProgress?.(table, rows);
        batch = [];
        bytes = 0;
      };
      const endTable = async () => {
        await flush();
        if (!table || target === table) return;
        const cols = sql.join(columns.map((c) => sql.identifier(c)), sql`, `);
        where = `table ${table}`;
        await tx.execute(sql`INSERT INTO ${sql.identifier(table)} (${cols}) SELECT ${cols} FROM ${sql.identifier(target)}`);
        await tx.execute(sql`DROP TABLE ${sql.identifier(target)}`);
      };
      let n = 0;
      for await (const line of lines) {
        n += 1;
        if (n === 1) {
          tally.other(line, 'header');
          continue;
        }
        // A row line is exactly {"r":<the row's JSON>}: cut it out rather than parse it.
        if (line.startsWith('{"r":')) {
          tally.row(line);
          batch.push({ row: line.slice(5, -1), line: n });
          bytes += line.length;
          if (batch.length >= batchRows || bytes >= BATCH_BYTES) await flush();
          continue;
        }
        const record = JSON.parse(line);
        if (record.table) {
          await endTable();
          tally.table(record.table, line);
          table = record.table as string;
          where = `table ${table}`;
          columns = record.columns;
          target = table;
          if (staged.has(table)) {
            target = `restore_${table}`;
            await tx.execute(sql`CREATE TEMP TABLE ${sql.identifier(target)} (LIKE ${sql.identifier(table)}) ON COMMIT DROP`);
          }
        } else if (record.sequence) {
          await endTable();
          table = null;
          tally.other(line, 'sequence');
          sequences.push({ name: record.sequence, value: record.value });
        } else if (record.checkpoint) {
          await endTable();
          table = null;
          tally.other(line, 'checkpoint');
        } else if (record.end) {
          await endTable();
          table = null;
          const changed = compareWithTrailer(tally.trailer(), checked.trailer);
          if (changed) throw new BackupRefused(`the file changed while it was being restored: ${changed}`);
        }
      }
      where = 'setting the sequences';
      // Sequences follow the restored rows so new rows do not collide with old ones, then each
      // is put back where the backup found it.
      await tx.execute(sql.raw(`DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT c.relname AS tbl, a.attname AS col,
            pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
          FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0
            AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL LOOP
          EXECUTE format('SELECT setval(%L, COALESCE((SELECT max(%I) FROM %I), 0) + 1, false)', r.seq, r.col, r.tbl);
        END LOOP; END $$;`));
      for (const s of sequences) {
        const name = sql`format('public.%I', ${s.name}::text)::regclass`;
        await tx.execute(s.value === null ? sql`SELECT setval(${name}, 1, false)` : sql`SELECT setval(${name}, ${s.value}::bigint, true)`);
      }
      restoredHeads = await readHeads(tx);
      const inFile = checked.checkpoint as Heads | null;
      if (inFile && !sameHeads(inFile, restoredHeads)) throw new BackupRefused("the restored audit chains do not end where the backup's checkpoint says.");
      where = 'committing (the deferred checks of the ledger)';
    });
  } catch (error) {
    throw restoreRefusal(error, where);
  }
  if (restoredHeads) options.checkpoints?.append({ at: new Date().toISOString(), by: 'restore', ...(restoredHeads as Heads) });
  return { rows, checked };
}

