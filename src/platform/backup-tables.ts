import type { Database } from './db.ts';

// The tables a backup holds and a restore fills: every table of the public schema but those the
// database keeps from the others by trigger. The migrations' own bookkeeping (schema drizzle) is
// not data and is never backed up.

/**
 * Kept by triggers from other tables (circle_links: migration 0049): a restore's inserts into
 * those tables write them again, so their rows are not backed up, restored or compared.
 */
export const DERIVED_TABLES: ReadonlySet<string> = new Set(['circle_links']);

export interface Table {
  name: string;
  columns: string[];
  dependsOn: string[];
}

/** Application tables in an order where every foreign key points to an earlier table. */
export async function tablesInOrder(database: Database): Promise<Table[]> {
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
    if (DERIVED_TABLES.has(c.table_name)) continue;
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

/** Self-referencing foreign keys (a correction points at the log it corrects), by table. */
export async function selfReferencing(database: Database): Promise<Set<string>> {
  const rows = await database.query<{ name: string }>(
    `SELECT DISTINCT c.conrelid::regclass::text AS name FROM pg_constraint c
     JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND c.conrelid = c.confrelid AND n.nspname = 'public'`,
  );
  return new Set(rows.map((r) => r.name.replace(/^"|"$/g, '')));
}

/** Tables of this database that hold a row (the migrations' own bookkeeping lives in another schema). */
export async function tablesWithRows(database: Database): Promise<string[]> {
  const names = (await tablesInOrder(database)).map((t) => t.name);
  if (names.length === 0) return [];
  const probe = names.map((n, i) => `SELECT ${i} AS i WHERE EXISTS (SELECT 1 FROM "${n.replaceAll('"', '""')}")`).join(' UNION ALL ');
  return (await database.query<{ i: number }>(probe)).map((r) => names[r.i] as string);
}

/** Each table's primary-key columns, to name a refused row by its key alone. */
export async function keyColumns(database: Database): Promise<Map<string, string[]>> {
  const rows = await database.query<{ table_name: string; column_name: string }>(
    `SELECT kcu.table_name, kcu.column_name FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
     WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' ORDER BY kcu.table_name, kcu.ordinal_position`,
  );
  const keys = new Map<string, string[]>();
  for (const r of rows) keys.set(r.table_name, [...(keys.get(r.table_name) ?? []), r.column_name]);
  return keys;
}

