import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db.ts';
import { isSealed, seal } from './envelope.ts';

// Every encrypted field, for the two whole-database passes: `keys encrypt` (seal what was
// written before encryption, or loaded by a tool) and `keys status` (how much is left). The
// modules seal on write and open on read themselves; this list must name the same columns.
interface Field {
  table: string;
  key: string[];
  /** The data key's scope (the team) of a row `t`. */
  scope: string;
  columns: string[];
  /** An append-only table's trigger, lifted inside the one transaction that seals it. */
  appendOnly?: string;
}

export const ENCRYPTED_FIELDS: Field[] = [
  { table: 'care_note_versions', key: ['note_id', 'version'], scope: '(SELECT n.team_id FROM care_notes n WHERE n.id = t.note_id)', columns: ['text', 'reason'], appendOnly: 'care_note_versions_append_only' },
  { table: 'medicines', key: ['id'], scope: 't.team_id', columns: ['name', 'dose', 'instructions'] },
  { table: 'medication_doses', key: ['id'], scope: 't.team_id', columns: ['note'] },
  { table: 'concerns', key: ['id'], scope: 't.team_id', columns: ['details'] },
  { table: 'concern_steps', key: ['id'], scope: '(SELECT c.team_id FROM concerns c WHERE c.id = t.concern_id)', columns: ['note'] },
];

/** A profile's sections are one jsonb value: each section's text is sealed inside it. */
const PROFILES = 'support_profiles';

const PAGE = 500;
const SEALED_SQL = "'^v1:[0-9a-f-]{36}:'";
const rowsOf = async <T>(db: Db, text: string) => ((await db.execute(sql.raw(text))) as unknown as { rows: T[] }).rows;

// Empty stays empty (envelope.ts seal): only text is sealed.
const plain = (column: string) => `(${column} <> '' AND ${column} !~ ${SEALED_SQL})`;
const notSealed = (f: Field) => f.columns.map((c) => plain(`t."${c}"`)).join(' OR ');

/** How many stored values are not sealed yet, by "table.column". */
export async function plaintextCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const f of ENCRYPTED_FIELDS) {
    for (const c of f.columns) {
      const [row] = await rowsOf<{ n: number }>(db, `SELECT count(*)::int AS n FROM "${f.table}" t WHERE ${plain(`t."${c}"`)}`);
      out[`${f.table}.${c}`] = row?.n ?? 0;
    }
  }
  const [p] = await rowsOf<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${PROFILES} t, jsonb_each(t.sections) s WHERE ${plain("coalesce(s.value->>'text', '')")}`);
  out[`${PROFILES}.sections`] = p?.n ?? 0;
  return out;
}

const literal = (v: unknown) => `'${String(v).replace(/'/g, "''")}'`;

/**
 * Seal every stored value that is not sealed yet, in one transaction: all or nothing. Returns
 * how many values were sealed, by "table.column". Run again, it finds nothing to do.
 */
export async function encryptExisting(database: Database): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  await database.db.transaction(async (tx) => {
    for (const f of ENCRYPTED_FIELDS) {
      let lifted = false;
      for (;;) {
        const cols = [...f.key, ...f.columns].map((c) => `t."${c}"`).join(', ');
        const page = await rowsOf<Record<string, string>>(tx, `SELECT ${cols}, ${f.scope} AS scope FROM "${f.table}" t WHERE ${notSealed(f)} LIMIT ${PAGE}`);
        if (page.length === 0) break;
        // Only when there is something to seal: the ALTER locks the table, and the server runs this on every start.
        if (f.appendOnly && !lifted) {
          await tx.execute(sql.raw(`ALTER TABLE "${f.table}" DISABLE TRIGGER "${f.appendOnly}"`));
          lifted = true;
        }
        for (const row of page) {
          const set: string[] = [];
          for (const c of f.columns) {
            const value = row[c] as string;
            if (value === '' || isSealed(value)) continue;
            set.push(`"${c}" = ${literal(await seal(tx, row.scope as string, value))}`);
            done[`${f.table}.${c}`] = (done[`${f.table}.${c}`] ?? 0) + 1;
          }
          const where = f.key.map((k) => `"${k}" = ${literal(row[k])}`).join(' AND ');
          await tx.execute(sql.raw(`UPDATE "${f.table}" SET ${set.join(', ')} WHERE ${where}`));
        }
      }
      if (lifted) await tx.execute(sql.raw(`ALTER TABLE "${f.table}" ENABLE TRIGGER "${f.appendOnly}"`));
    }
    const profiles = await rowsOf<{ team_id: string; sections: Record<string, { text?: string }> }>(tx, `SELECT team_id, sections FROM ${PROFILES} t WHERE EXISTS (SELECT 1 FROM jsonb_each(t.sections) s WHERE ${plain("coalesce(s.value->>'text', '')")})`);
    for (const p of profiles) {
      const sections = await sealSections(tx, p.team_id, p.sections);
      done[`${PROFILES}.sections`] = (done[`${PROFILES}.sections`] ?? 0) + Object.values(p.sections).filter((s) => s.text && !isSealed(s.text)).length;
      await tx.execute(sql`UPDATE support_profiles SET sections = ${JSON.stringify(sections)}::jsonb WHERE team_id = ${p.team_id}`);
    }
  });
  return done;
}

/** Each section's text sealed under the team's key (sealed ones kept as they are). */
export async function sealSections<S extends { text?: string }>(db: Db, teamId: string, sections: Record<string, S>): Promise<Record<string, S>> {
  const out: Record<string, S> = {};
  for (const [k, s] of Object.entries(sections)) out[k] = !s.text || isSealed(s.text) ? s : { ...s, text: await seal(db, teamId, s.text) };
  return out;
}
