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

const PAGE = 2000;

type Rows = { rows: Record<string, unknown>[] };

/**
 * Logical backup: one JSON line per row, tables in dependency order, read in one
 * repeatable-read transaction so the copy is a consistent snapshot. Restoring it into a
 * freshly migrated database gives the same data.
 */
export async function backup(
  database: Database,
  file: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<{ tables: number; rows: number }> {
  const out = createWriteStream(file);
  const tables = await tablesInOrder(database);
  let rows = 0;
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write(JSON.stringify({ format: 'carecircles-backup', version: 1 }));
  await database.db.transaction(
    async (tx) => {
      for (const table of tables) {
        await write(JSON.stringify({ table: table.name, columns: table.columns }));
        let offset = 0;
        for (;;) {
          const result = (await tx.execute(
            sql`SELECT to_jsonb(t) AS row FROM ${sql.identifier(table.name)} t ORDER BY 1 OFFSET ${offset} LIMIT ${PAGE}`,
          )) as unknown as Rows;
          for (const r of result.rows) await write(JSON.stringify({ r: r.row }));
          rows += result.rows.length;
          offset += result.rows.length;
          onProgress?.(table.name, offset);
          if (result.rows.length < PAGE) break;
        }
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  out.end();
  await once(out, 'finish');
  return { tables: tables.length, rows };
}

/** Load a backup into an empty, migrated database in one transaction: all or nothing. */
export async function restore(
  database: Database,
  file: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<{ rows: number }> {
  const [{ n } = { n: 0 }] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
  if (n > 0) throw new Error('Restore needs an empty database: this one already has people in it.');
  let rows = 0;
  await database.db.transaction(async (tx) => {
    // Opened only now: readline drops lines emitted before the loop below starts reading.
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    let table: string | null = null;
    let columns: string[] = [];
    let batch: unknown[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const cols = sql.join(columns.map((c) => sql.identifier(c)), sql`, `);
      await tx.execute(
        sql`INSERT INTO ${sql.identifier(table)} (${cols}) SELECT ${cols}
            FROM jsonb_populate_recordset(NULL::${sql.identifier(table)}, ${JSON.stringify(batch)}::jsonb)`,
      );
      rows += batch.length;
      onProgress?.(table, rows);
      batch = [];
    };
    let first = true;
    for await (const line of lines) {
      if (!line) continue;
      const record = JSON.parse(line);
      if (first) {
        if (record.format !== 'carecircles-backup') throw new Error(`${file} is not a Care Circles backup.`);
        first = false;
        continue;
      }
      if (record.table) {
        await flush();
        table = record.table;
        columns = record.columns;
      } else {
        batch.push(record.r);
        if (batch.length >= 500) await flush();
      }
    }
    await flush();
    // Sequences follow the restored rows so new rows do not collide with old ones.
    await tx.execute(sql.raw(`DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT c.relname AS tbl, a.attname AS col,
          pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0
          AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL LOOP
        EXECUTE format('SELECT setval(%L, COALESCE((SELECT max(%I) FROM %I), 0) + 1, false)', r.seq, r.col, r.tbl);
      END LOOP; END $$;`));
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
