// Hot statements as named prepared statements (issue 20, ADR 0023). A page's statement written
// with the query builder costs 100 to 150 µs of CPU to build on every request, and PostgreSQL
// parses and plans its text again each time it arrives unnamed. Here the builder runs once, on
// the first call; every call after that hands the same SQL text and the same name to the
// session it is given (the database or the request's transaction), so node-postgres prepares it
// once per connection and PostgreSQL keeps its plan. PGlite takes the same path and simply runs
// the text: it has one in-process connection and nothing to gain from a name.
import type { Db } from './db.ts';

/** What `.prepare(name)` returns, seen from here: its execute's result is the rows, mapped. */
interface Preparable<R> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> };
}

/** The parts of drizzle's prepared query that say how to send it and how to map its rows. */
interface Built {
  getQuery(): { sql: string; params: unknown[] };
  fields?: unknown;
  _isResponseInArrayMode?: boolean;
  customResultMapper?: unknown;
  joinsNotNullableMap?: unknown;
}

interface Session {
  prepareQuery(query: { sql: string; params: unknown[] }, fields: unknown, name: string, arrayMode: boolean, mapper: unknown): Built & { execute(values?: Record<string, unknown>): Promise<unknown> };
}

const names = new Set<string>();

/**
 * A statement built once with the query builder, values given through `sql.placeholder('x')`,
 * run as the prepared statement `name` in whatever session it is called with. The name must be
 * unique in the process: one name is one text, or PostgreSQL would refuse the second.
 */
export function preparedStatement<R, V extends Record<string, unknown> = Record<string, unknown>>(name: string, build: (db: Db) => Preparable<R>): (db: Db, values: V) => Promise<R> {
  if (names.has(name)) throw new Error(`prepared statement name ${name} is used twice`);
  names.add(name);
  let built: Built | null = null;
  return async (db, values) => {
    built ??= build(db).prepare(name) as unknown as Built;
    const session = (db as unknown as { _: { session: Session } })._.session;
    const query = session.prepareQuery(built.getQuery(), built.fields, name, built._isResponseInArrayMode ?? false, built.customResultMapper);
    query.joinsNotNullableMap = built.joinsNotNullableMap;
    return (await query.execute(values)) as R;
  };
}
