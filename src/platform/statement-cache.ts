// Every statement the query builder sends, prepared once per connection (issue 20, ADR 0034).
// Drizzle sends its statements unnamed, so PostgreSQL parses and plans each one again every time
// it arrives, even when the text is the one it saw a moment before: in a traced home request at
// scale 1, parsing, planning and binding were 12.6 of its 21.3 ms in PostgreSQL. Here a
// connection names each statement by its text's hash before node-postgres sends it, so
// node-postgres parses it on that connection once and PostgreSQL keeps it (and, after five runs,
// a generic plan when that costs no more than planning for the values at hand).
//
// Only the builder's statements are named: they are a fixed set of shapes, each text made by the
// code, never by a person's input (the values travel apart). Raw text through Database.query
// (tools, backups, restores) and a statement already named (fixedStatement, preparedStatement)
// pass as they are. A connection names at most MAX_NAMED texts; past that, a new text goes
// unnamed as before, so a connection's prepared statements cannot grow without bound (a list of
// 1 to 500 ids is 500 texts: `IN ($1, ..., $n)`).
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** How many texts one connection keeps prepared. The main pages send a few hundred shapes in all. */
export const MAX_NAMED = 400;

/** The kinds of statement worth keeping: reads and writes, not BEGIN, COMMIT, SET or DDL. */
const WORTH_NAMING = /^\s*(select|with|insert|update|delete|\()/i;

interface QueryConfig { text: string; name?: string; values?: unknown[] }

const isConfig = (config: unknown): config is QueryConfig =>
  typeof config === 'object' && config !== null && typeof (config as QueryConfig).text === 'string';

export const statementName = (text: string): string => `s_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;

/** From now on, the builder's statements on this connection are prepared once and kept (above). */
export function cacheStatements(client: pg.PoolClient): void {
  const named = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (config: unknown, ...rest: unknown[]) => {
    if (isConfig(config) && !config.name && WORTH_NAMING.test(config.text)) {
      const name = statementName(config.text);
      if (named.has(name) || named.size < MAX_NAMED) {
        named.add(name);
        return query({ ...config, name }, ...rest);
      }
    }
    return query(config, ...rest);
  };
}
