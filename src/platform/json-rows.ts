// Rows read as JSON inside another statement (json_agg of row_to_json), given the same values as
// the query builder gives a row read on its own: each column found by its SQL name and mapped by
// its own column type (a timestamp to a Date, an integer to a number). A page can then read a
// record and its lists in one statement instead of one per list (the circle facts, ADR 0028;
// the proposal page, ADR 0038).
import { type Table, getTableColumns } from 'drizzle-orm';

/** One row of `table` from its row_to_json form. */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}
