import type pg from 'pg';

// The big tables load faster without their secondary indexes: one sorted build at the end is
// far cheaper than millions of random insertions into each index. What is dropped is read from
// the migrated database's own catalog and put back from the same definitions, so the indexes
// are exactly what the migrations made. Primary keys stay (foreign keys need them); unique
// indexes and constraints are rebuilt like the rest, and a rebuild fails on any duplicate,
// so uniqueness is still proven.

export const BULK_TABLES = ['visits', 'visit_supporters', 'care_logs', 'care_log_versions', 'credit_transfers', 'credit_entries', 'chat_messages'];

export interface DroppedIndex {
  table: string;
  name: string;
  /** The statement that puts it back: CREATE [UNIQUE] INDEX ..., or ALTER TABLE ... ADD CONSTRAINT ... */
  restore: string;
}

export async function dropSecondaryIndexes(client: pg.ClientBase, tables = BULK_TABLES): Promise<DroppedIndex[]> {
  const { rows } = await client.query<{ table: string; name: string; constraint: string | null; definition: string }>(
    `SELECT t.relname AS table, i.relname AS name, c.conname AS constraint,
            coalesce('ALTER TABLE ' || quote_ident(t.relname) || ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)) AS definition
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.contype IN ('u', 'p')
      WHERE t.relname = ANY($1) AND NOT x.indisprimary
      ORDER BY t.relname, i.relname`,
    [tables],
  );
  for (const r of rows) {
    await client.query(r.constraint ? `ALTER TABLE "${r.table}" DROP CONSTRAINT "${r.constraint}"` : `DROP INDEX "${r.name}"`);
  }
  return rows.map((r) => ({ table: r.table, name: r.name, restore: r.definition }));
}

export async function restoreIndexes(client: pg.ClientBase, dropped: DroppedIndex[], onProgress?: (done: number, total: number) => void): Promise<void> {
  await client.query("SET maintenance_work_mem = '1GB'");
  for (const [i, index] of dropped.entries()) {
    await client.query(index.restore);
    onProgress?.(i + 1, dropped.length);
  }
}
