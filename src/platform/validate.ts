import type { z } from 'zod';
import { Invalid } from './errors.ts';

/** Validate input against a schema; on failure throw Invalid with one plain message per field. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '_form');
    fields[key] ??= issue.message;
  }
  throw new Invalid(fields);
}
