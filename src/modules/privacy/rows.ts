import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';
import { type PersonTable, personTables, readThroughModules, secretColumns } from './tables.ts';

export type Row = Record<string, unknown>;

/** The value of a row's key, as the export names it: its key columns joined by '|'. */
export const keyOf = (table: Pick<PersonTable, 'key'>, row: Row): string => table.key.map((k) => String(row[k] ?? '')).join('|');

/** A value as JSON carries it: times as ISO strings, files left out. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** Rows of one table that name the person in any person column (or JSON list of people). */
export async function rowsNaming(tx: Tx, table: PersonTable, personId: string): Promise<Row[]> {
  const conditions = [
    ...table.columns.map((c) => sql`${sql.identifier(c)} = ${personId}`),
    ...table.lists.map((c) => sql`${sql.identifier(c)} @> ${JSON.stringify([personId])}::jsonb`),
  ];
  const order = table.key.length ? sql` ORDER BY ${sql.join(table.key.map((k) => sql.identifier(k)), sql`, `)}` : sql``;
  const result = await tx.execute(sql`SELECT * FROM ${sql.identifier(table.name)} WHERE ${sql.join(conditions, sql` OR `)}${order}`);
  return (result as unknown as { rows: Row[] }).rows;
}

export interface TableRows {
  table: string;
  key: string[];
  /** The columns that name a person: which of them name you is why the row is here. */
  personColumns: string[];
  /** Columns left out of every row (secrets, stored files). */
  leftOut: string[];
  rows: Row[];
}

/**
 * Every row naming the person in every table copied as rows: all but the tables read through
 * their modules (care text, concerns), with secrets left out. Progress is told per table.
 */
export async function collectRows(tx: Tx, personId: string): Promise<{ tables: TableRows[]; names: Record<string, string> }> {
  const out: TableRows[] = [];
  const mentioned = new Set<string>();
  for (const table of personTables()) {
    if (readThroughModules[table.name]) continue;
    const leftOut = secretColumns[table.name] ?? [];
    const rows = (await rowsNaming(tx, table, personId)).map((row) => {
      const copy: Row = {};
      for (const [column, value] of Object.entries(row)) {
        if (leftOut.includes(column)) continue;
        const v = plain(value);
        if (v !== undefined) copy[column] = v;
      }
      return copy;
    });
    if (rows.length) out.push({ table: table.name, key: table.key, personColumns: [...table.columns, ...table.lists], leftOut, rows });
    for (const row of rows) {
      for (const c of table.columns) if (typeof row[c] === 'string') mentioned.add(row[c] as string);
      for (const c of table.lists) if (Array.isArray(row[c])) for (const id of row[c] as unknown[]) mentioned.add(String(id));
    }
  }
  return { tables: out, names: await namesOf(tx, [...mentioned]) };
}

/** The names of the people these rows name, so the report says who, not only an id. */
async function namesOf(tx: Tx, ids: string[]): Promise<Record<string, string>> {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (valid.length === 0) return {};
  const result = await tx.execute(sql`SELECT id, name FROM people WHERE id IN (${sql.join(valid.map((id) => sql`${id}`), sql`, `)})`);
  return Object.fromEntries((result as unknown as { rows: { id: string; name: string }[] }).rows.map((r) => [r.id, r.name]));
}
