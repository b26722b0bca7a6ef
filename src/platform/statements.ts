// Counting the SQL statements a piece of work sends (issue 20: the query budget test, and the
// page benchmark's trace). Drizzle reports every statement it sends to its logger, on PGlite
// and on node-postgres alike, fixedStatement and prepared statements included; db.ts gives it
// this one. Nothing is kept unless a caller asked: outside countStatements the logger only
// looks up an empty AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'drizzle-orm/logger';

const scope = new AsyncLocalStorage<string[]>();

/**
 * Transaction control is left out: drizzle's node-postgres driver sends BEGIN and COMMIT as
 * statements, PGlite's runs them itself, and a budget should not differ between the two.
 */
const control = /^\s*(begin|commit|rollback|savepoint|release savepoint|rollback to savepoint)\b/i;

export function noteStatement(text: string): void {
  const found = scope.getStore();
  if (found && !control.test(text)) found.push(text);
}

/** Drizzle's logger hook: every statement drizzle sends passes through it. */
export const statementLogger: Logger = { logQuery: (query) => noteStatement(query) };

/**
 * Run fn and return the statements it sent, in order, its own only: work started inside fn (its
 * awaited promises, a request injected into the app) is counted, other requests at the same
 * time are not.
 */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const result = await scope.run(statements, fn);
  return { result, statements };
}
