import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import type { Database } from './db.ts';

interface Table {
  name: string;
  columns: string[];
  dependsOn: string[];
}

/** Application tables in an order where every foreign key points to an earlier table. */
async function tablesInOrder(database: Database): Promise<Table[]> {
  const cols = await database.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const fks = await database.query<{ child: string; parent: string }>(
    `SELECT tc.table_name AS child, ccu.table_name AS parent
     FROM information_schema.table_constraints tc
     JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name
     WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`,
  );
  const tables = new Map<string, Table>();
  for (const c of cols) {
    const table = tables.get(c.table_name) ?? { name: c.table_name, columns: [], dependsOn: [] };
    table.columns.push(c.column_name);
    tables.set(c.table_name, table);
  }
  for (const fk of fks) if (fk.child !== fk.parent) tables.get(fk.child)?.dependsOn.push(fk.parent);
  const ordered: Table[] = [];
  const seen = new Set<string>();
  const visit = (t: Table) => {
    if (seen.has(t.name)) return;
    seen.add(t.name);
    for (const dep of t.dependsOn) {
      const parent = tables.get(dep);
      if (parent) visit(parent);
    }
    ordered.push(t);
  };
  for (const t of [...tables.values()].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return ordered;
}

const PAGE = 5000;
const FORMAT = 'carecircles-backup';

type Rows = { rows: Record<string, unknown>[] };

/** Self-referencing foreign keys (a correction points at the log it corrects), by table. */
async function selfReferencing(database: Database): Promise<Set<string>> {
  const rows = await database.query<{ name: string }>(
    `SELECT DISTINCT c.conrelid::regclass::text AS name FROM pg_constraint c
     JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND c.conrelid = c.confrelid AND n.nspname = 'public'`,
  );
  return new Set(rows.map((r) => r.name.replace(/^"|"$/g, '')));
}

/**
 * Logical backup: one JSON line per row, tables in dependency order, then the sequences, all
 * read in one repeatable-read transaction so the copy is a consistent snapshot. Rows stream
 * through a cursor, page by page, as the text PostgreSQL makes of them (to_jsonb), never parsed
 * here: memory stays flat and values such as large numbers pass through exactly.
 * Restoring it into a freshly migrated database gives the same data.
 */
export async function backup(
  database: Database,
  file: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<{ tables: number; rows: number }> {
  const out = createWriteStream(file);
  const tables = await tablesInOrder(database);
  let rows = 0;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${JSON.stringify({ format: FORMAT, version: 2 })}\n`);
  await database.db.transaction(
    async (tx) => {
      for (const table of tables) {
        await write(`${JSON.stringify({ table: table.name, columns: table.columns })}\n`);
        const [{ n } = { n: 0 }] = ((await tx.execute(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table.name)}`)) as unknown as { rows: { n: number }[] }).rows;
        await tx.execute(sql`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM ${sql.identifier(table.name)} t`);
        let written = 0;
        for (;;) {
          const page = ((await tx.execute(sql.raw(`FETCH ${PAGE} FROM backup_rows`))) as unknown as Rows).rows;
          if (page.length === 0) break;
          await write(page.map((r) => `{"r":${r.row as string}}\n`).join(''));
          written += page.length;
          onProgress?.(table.name, written);
        }
        await tx.execute(sql`CLOSE backup_rows`);
        if (written !== n) throw new Error(`Backup of ${table.name} wrote ${written} rows of ${n}.`);
        rows += written;
      }
      // Sequences are not transactional: read after the rows, each is at least where they end.
      const sequences = ((await tx.execute(
        sql`SELECT sequencename AS name, last_value AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
      )) as unknown as { rows: { name: string; value: string | number | null }[] }).rows;
      for (const s of sequences) await write(`${JSON.stringify({ sequence: s.name, value: s.value === null ? null : String(s.value) })}\n`);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  out.end();
  await once(out, 'finish');
  return { tables: tables.length, rows };
}

/** Rows are sent to the database this many at a time (fewer if long): a bounded batch. */
const BATCH_ROWS = 2000;
const BATCH_BYTES = 4 * 1024 * 1024;
export interface RestoreOptions {
  /** Rows per INSERT (tests set it low to put rows that point at each other in different batches). */
  batchRows?: number;
}

/**
 * Load a backup into an empty, migrated database in one transaction: all or nothing. Rows are
 * passed on as the text they were written in. A table whose rows point at rows of the same
 * table (corrections, reversals, parent circles) is loaded through a temporary table and
 * copied in one statement, so its foreign keys are checked once all its rows are there,
 * whatever order the backup holds them in.
 */
export async function restore(
  database: Database,
  file: string,
  onProgress?: (table: string, rows: number) => void,
  options: RestoreOptions = {},
): Promise<{ rows: number }> {
  const batchRows = options.batchRows ?? BATCH_ROWS;
  const [{ n } = { n: 0 }] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
  if (n > 0) throw new Error('Restore needs an empty database: this one already has people in it.');
  const staged = await selfReferencing(database);
  let rows = 0;
  await database.db.transaction(async (tx) => {
    // Opened only now: readline drops lines emitted before the loop below starts reading.
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    let table: string | null = null;
    let columns: string[] = [];
    let target = '';
    let batch: string[] = [];
    let bytes = 0;
    const sequences: { name: string; value: string | null }[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const cols = sql.join(columns.map((c) => sql.identifier(c)), sql`, `);
      await tx.execute(
        sql`INSERT INTO ${sql.identifier(target)} (${cols}) SELECT ${cols}
            FROM jsonb_populate_recordset(NULL::${sql.identifier(table)}, ${`[${batch.join(',')}]`}::jsonb)`,
      );
      rows += batch.length;
      onProgress?.(table, rows);
      batch = [];
      bytes = 0;
    };
    const endTable = async () => {
      await flush();
      if (!table || target === table) return;
      const cols = sql.join(columns.map((c) => sql.identifier(c)), sql`, `);
      await tx.execute(sql`INSERT INTO ${sql.identifier(table)} (${cols}) SELECT ${cols} FROM ${sql.identifier(target)}`);
      await tx.execute(sql`DROP TABLE ${sql.identifier(target)}`);
    };
    let version = 0;
    for await (const line of lines) {
      if (!line) continue;
      if (version === 0) {
        const header = JSON.parse(line);
        if (header.format !== FORMAT || ![1, 2].includes(header.version)) throw new Error(`${file} is not a Care Circles backup.`);
        version = header.version;
        continue;
      }
      // A row line is exactly {"r":<the row's JSON>}: cut it out rather than parse it.
      if (line.startsWith('{"r":')) {
        batch.push(line.slice(5, -1));
        bytes += line.length;
        if (batch.length >= batchRows || bytes >= BATCH_BYTES) await flush();
        continue;
      }
      const record = JSON.parse(line);
      if (record.table) {
        await endTable();
        table = record.table as string;
        columns = record.columns;
        target = table;
        if (staged.has(table)) {
          target = `restore_${table}`;
          await tx.execute(sql`CREATE TEMP TABLE ${sql.identifier(target)} (LIKE ${sql.identifier(table)}) ON COMMIT DROP`);
        }
      } else if (record.sequence) {
        sequences.push({ name: record.sequence, value: record.value });
      }
    }
    await endTable();
    // Sequences follow the restored rows so new rows do not collide with old ones; a backup
    // that carries its sequences (version 2) puts each back where it was.
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
  });
  return { rows };
}

/** Every row of every table as sorted JSON text: two databases hold the same data iff equal. */
export async function fingerprint(database: Database): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of await tablesInOrder(database)) {
    const rows = await database.query<{ row: string }>(
      `SELECT to_jsonb(t)::text AS row FROM "${table.name}" t ORDER BY 1`,
    );
    result[table.name] = rows.map((r) => r.row);
  }
  return result;
}
