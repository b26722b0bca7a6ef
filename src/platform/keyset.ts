// Keyset paging both ways on a (time, id) order (issue 20, ADR 0022 and 0029): a page starts
// after a row (going on) or before one (going back), never at an offset, so nothing is skipped
// or repeated when rows come and go, and each page is one index range however long the list.
// The cursor is the row's key and id, "2026-12-03T10:00:00.000Z_<uuid>" (or a name: "Ada
// Lovelace_<uuid>" for a list in name order), in the page's URL.
import { type SQL, type SQLWrapper, asc, desc, sql } from 'drizzle-orm';
import { isUuid } from './ids.ts';

export interface Cursor { at: Date | string; id: string }
/** What a list is ordered by before its id: a time, a text such as a name, or a day ("2026-12-04"). */
export type KeyKind = 'time' | 'text' | 'date';
/** Where a page starts: after a row, before one, or at the start of the list. */
export type From = { after: Cursor } | { before: Cursor } | Record<string, never>;

export const cursorText = (at: Date | string, id: string): string => `${typeof at === 'string' ? at : at.toISOString()}_${id}`;

function parseCursor(raw: unknown, kind: KeyKind): Cursor | null {
  if (typeof raw !== 'string') return null;
  const cut = raw.lastIndexOf('_');
  const key = raw.slice(0, cut);
  const id = raw.slice(cut + 1);
  if (cut < 0 || !isUuid(id)) return null;
  if (kind === 'text') return { at: key, id };
  if (kind === 'date') return /^\d{4}-\d\d-\d\d$/.test(key) && !Number.isNaN(Date.parse(key)) ? { at: key, id } : null;
  const at = new Date(key);
  return /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(key) && !Number.isNaN(at.getTime()) ? { at, id } : null;
}

/** Reads `after` or `before` (with a prefix when a page has two lists) from a query string; anything else is the first page. */
export function pageFrom(query: unknown, prefix = '', kind: KeyKind = 'time'): From {
  const q = (query ?? {}) as Record<string, unknown>;
  const after = parseCursor(q[`${prefix}after`], kind);
  if (after) return { after };
  const before = parseCursor(q[`${prefix}before`], kind);
  return before ? { before } : {};
}

/**
 * The condition and order of one page of a list in `order` (newest first is 'desc'): the rows
 * past the cursor in the direction read. Going back, the rows are read in the opposite order
 * and turned round by `pageOf`.
 */
export function keyset(at: SQLWrapper, id: SQLWrapper, from: From, order: 'asc' | 'desc', kind: KeyKind = 'time'): { where: SQL | undefined; orderBy: SQL[] } {
  const back = 'before' in from;
  const cursor = 'after' in from ? from.after : 'before' in from ? from.before : null;
  const forwardOp = order === 'asc' ? sql`>` : sql`<`;
  const op = back ? (order === 'asc' ? sql`<` : sql`>`) : forwardOp;
  const key = cursor ? (typeof cursor.at !== 'string' ? sql`${cursor.at.toISOString()}::timestamptz` : kind === 'date' ? sql`${cursor.at}::date` : sql`${cursor.at}::text`) : null;
  const where = cursor && key ? sql`(${at}, ${id}) ${op} (${key}, ${cursor.id}::uuid)` : undefined;
  const ascending = (order === 'asc') !== back;
  return { where, orderBy: ascending ? [asc(at), asc(id)] : [desc(at), desc(id)] };
}

/**
 * A page from at most limit + 1 rows read by `keyset` (or `seqKeyset`): the rows in the list's
 * order, and the cursors of the pages before and after it (null at either end).
 */
export function pageOf<T>(rows: T[], from: From | SeqFrom, limit: number, key: (row: T) => Cursor | number): { rows: T[]; prev: string | null; next: string | null } {
  const back = 'before' in from;
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (back) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const text = (row: T | undefined) => {
    const k = row === undefined ? null : key(row);
    return k === null ? null : typeof k === 'number' ? String(k) : cursorText(k.at, k.id);
  };
  return {
    rows: page,
    prev: back ? (more ? text(first) : null) : 'after' in from ? text(first) : null,
    next: back ? text(last) : more ? text(last) : null,
  };
}

/**
 * Where a page starts in a list ordered by one unique number that only grows (the access log's
 * seq): the number alone is the cursor, and no tie-break is needed.
 */
export type SeqFrom = { after: number } | { before: number } | Record<string, never>;

const seqOf = (raw: unknown): number | null => {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

/** `pageFrom` for a list in seq order: `after` or `before` as a positive whole number; anything else is the first page. */
export function seqPageFrom(query: unknown, prefix = ''): SeqFrom {
  const q = (query ?? {}) as Record<string, unknown>;
  const after = seqOf(q[`${prefix}after`]);
  if (after !== null) return { after };
  const before = seqOf(q[`${prefix}before`]);
  return before !== null ? { before } : {};
}

/** `keyset` for a list in seq order: the rows past the cursor in the direction read (going back reads the other way). */
export function seqKeyset(seq: SQLWrapper, from: SeqFrom, order: 'asc' | 'desc'): { where: SQL | undefined; orderBy: SQL[] } {
  const back = 'before' in from;
  const cursor = 'after' in from ? from.after : 'before' in from ? from.before : null;
  const ascending = (order === 'asc') !== back;
  return { where: cursor === null ? undefined : sql`${seq} ${ascending ? sql`>` : sql`<`} ${cursor}`, orderBy: [ascending ? asc(seq) : desc(seq)] };
}
