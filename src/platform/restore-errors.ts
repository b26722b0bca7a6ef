import { BackupRefused } from './backup-file.ts';

// A database error during a restore must not reach the operator as the driver wrote it:
// Drizzle's "Failed query: … params: …" carries the whole batch (password hashes, care notes),
// and PostgreSQL's detail ("Failing row contains (…)", "Key (email)=(…)") carries values. What
// is kept: the kind of refusal, the constraint and column names, and our own triggers' words
// (they name keys and numbers, never text).

interface PgError {
  code: string;
  message: string;
  constraint?: string;
  column?: string;
  table?: string;
}

function findPgError(error: unknown): PgError | null {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e as unknown as PgError;
  }
  return null;
}

const conditions: Record<string, string> = {
  '23505': 'a row with the same key is already there',
  '23503': 'it points at a row that is not there',
  '23502': 'a required value is missing',
  '23514': 'a check refused it',
  '23P01': 'it overlaps another row',
  '22P02': 'a value is not valid for its column',
  '22001': 'a value is too long for its column',
  '22003': 'a number is out of range for its column',
  '22007': 'a date or time is not valid',
  '22008': 'a date or time is out of range',
  '40001': 'another transaction got in the way (try again)',
};

/** The database's reason, in words that hold no value from any row. */
export function describeDatabaseError(error: unknown): string {
  const e = findPgError(error);
  if (!e) return 'the database driver failed';
  const parts = [conditions[e.code] ?? `SQLSTATE ${e.code}`];
  if (e.constraint) parts.push(`constraint ${e.constraint}`);
  if (e.column) parts.push(`column ${e.column}`);
  // Our own triggers (RAISE EXCEPTION) name keys and numbers only: their words help.
  if (e.code === 'P0001') parts.push(`"${e.message.replace(/\s+/g, ' ').slice(0, 300)}"`);
  return parts.join(', ');
}

/** The key of one row of a backup line, as "id 8c1e…" or "team_id …, seq 3": never its other values. */
export function describeKey(rowJson: string, keyColumns: string[]): string {
  if (keyColumns.length === 0) return 'a row';
  try {
    const row = JSON.parse(rowJson) as Record<string, unknown>;
    return keyColumns.map((c) => `${c} ${String(row[c])}`).join(', ');
  } catch {
    return 'a row';
  }
}

/** Turn whatever a restore threw into one refusal line; a refusal already worded passes through. */
export function restoreRefusal(error: unknown, where: string): BackupRefused {
  if (error instanceof BackupRefused) return error;
  return new BackupRefused(`${where}: the database refused it (${describeDatabaseError(error)}). Nothing was restored.`);
}
