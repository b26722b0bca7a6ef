// Rows read as JSON inside another statement (json_agg of row_to_json), given the same values as
// the query builder gives a row read on its own: each column found by its SQL name and mapped by
// its own column type (a timestamp to a Date, an integer to a number). A page can then read a
// record and its lists in one statement instead of one per list (the circle facts, ADR 0028;
// the proposal page, ADR 0038).
import { type SQL, type Table, getTableColumns, sql } from 'drizzle-orm';

/** One row of `table` from its row_to_json form. */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}

/**
 * A list inside a statement: the rows of `rows` (SQL text, correlated with the outer query as
 * it likes) as one JSON array in `order` (over the rows' aliases, as x.<column>), an empty
 * array when there are none. Text only: values come from the outer query, never from here.
 */
export const jsonList = (rows: string, order: string): SQL => sql.raw(`(SELECT coalesce(json_agg(x ORDER BY ${order}), '[]'::json) FROM (${rows}) x)`);
