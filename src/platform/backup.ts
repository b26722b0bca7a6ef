import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { FORMAT, Tally, VERSION } from './backup-file.ts';
import { tablesInOrder } from './backup-tables.ts';
import { type Checkpoint, type Checkpoints, readHeads } from './checkpoints.ts';
import { type Database, type Db, migrationsFolder } from './db.ts';

// A restore is the other half of this file's format: it lives in restore.ts, named here too.
export { restore, type RestoreOptions } from './restore.ts';
export { BackupRefused, checkBackupFile } from './backup-file.ts';

const PAGE = 5000;

type Rows = { rows: Record<string, unknown>[] };

/** The last migration applied, by its name in the journal: the schema a backup was made of. */
async function schemaVersion(tx: Db): Promise<string> {
  const result = await tx.execute(sql`SELECT created_at::text AS at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`);
  const at = (result as unknown as { rows: { at: string }[] }).rows[0]?.at;
  if (!at) return 'none';
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number; tag: string }[] };
  return journal.entries.find((e) => String(e.when) === at)?.tag ?? `unknown migration of ${at}`;
}

/** Make the rename of a finished file survive a crash: the directory entry is flushed too. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface BackupOptions {
  /** Where the audit checkpoints of this data directory are kept: the backup's checkpoint is signed and appended there. */
  checkpoints?: Checkpoints;
}

/**
 * Logical backup: one JSON line per row, tables in dependency order, then the sequences and a
 * checkpoint of the audit chains' heads, all read in one repeatable-read transaction so the copy
 * is a consistent snapshot; then the trailer (backup-file.ts). Rows stream through a cursor,
 * page by page, as the text PostgreSQL makes of them (to_jsonb), never parsed here: memory
 * stays flat and values such as large numbers pass through exactly. The file is written
 * beside its name and renamed only once complete and flushed to disk, so FILE is either the
 * old file, or a whole new backup.
 */
export async function backup(
  database: Database,
  file: string,
  onProgress?: (table: string, rows: number) => void,
  options: BackupOptions = {},
): Promise<{ tables: number; rows: number }> {
  const partial = `${file}.partial-${process.pid}`;
  const out = createWriteStream(partial, { mode: 0o600 });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {});
  const tally = new Tally();
  const tables = await tablesInOrder(database);
  let rows = 0;
  let checkpoint: Checkpoint | null = null;
  const write = async (text: string) => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  try {
    await database.db.transaction(
      async (tx) => {
        const [{ at } = { at: '' }] = ((await tx.execute(sql`SELECT to_json(now())#>>'{}' AS at`)) as unknown as { rows: { at: string }[] }).rows;
        const snapshotAt = new Date(at).toISOString();
        const header = JSON.stringify({ format: FORMAT, version: VERSION, source: database.kind, snapshotAt, schema: await schemaVersion(tx) });
        tally.other(header, 'header');
        await write(`${header}\n`);
        for (const table of tables) {
          const line = JSON.stringify({ table: table.name, columns: table.columns });
          tally.table(table.name, line);
          await write(`${line}\n`);
          const [{ n } = { n: 0 }] = ((await tx.execute(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table.name)}`)) as unknown as { rows: { n: number }[] }).rows;
          await tx.execute(sql`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM ${sql.identifier(table.name)} t`);
          let written = 0;
          for (;;) {
            const page = ((await tx.execute(sql.raw(`FETCH ${PAGE} FROM backup_rows`))) as unknown as Rows).rows;
            if (page.length === 0) break;
            const lines = page.map((r) => `{"r":${r.row as string}}`);
            for (const l of lines) tally.row(l);
            await write(`${lines.join('\n')}\n`);
            written += page.length;
            onProgress?.(table.name, written);
          }
          await tx.execute(sql`CLOSE backup_rows`);
          if (written !== n) throw new Error(`Backup of ${table.name} wrote ${written} rows of ${n}.`);
          rows += written;
        }
        // Sequences are not transactional: read after the rows, each is at least where they end.
        const sequences = ((await tx.execute(
          sql`SELECT sequencename AS name, last_value AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
        )) as unknown as { rows: { name: string; value: string | number | null }[] }).rows;
        for (const s of sequences) {
          const line = JSON.stringify({ sequence: s.name, value: s.value === null ? null : String(s.value) });
          tally.other(line, 'sequence');
          await write(`${line}\n`);
        }
        checkpoint = { at: snapshotAt, by: 'backup', ...(await readHeads(tx)) };
        const line = JSON.stringify({ checkpoint: options.checkpoints ? options.checkpoints.sign(checkpoint) : checkpoint });
        tally.other(line, 'checkpoint');
        await write(`${line}\n`);
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await write(`${JSON.stringify(tally.trailer())}\n`);
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    const handle = await open(partial, 'r');
    await handle.sync().finally(() => handle.close());
    await rename(partial, file);
    await syncDir(dirname(resolve(file)));
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  if (checkpoint) options.checkpoints?.append(checkpoint);
  return { tables: tables.length, rows };
}

/** Every row of every table as sorted JSON text: two databases hold the same data iff equal. */
export async function fingerprint(database: Database): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of await tablesInOrder(database)) {
    const rows = await database.query<{ row: string }>(
      `SELECT to_jsonb(t)::text AS row FROM "${table.name}" t ORDER BY 1`,
    );
    result[table.name] = rows.map((r) => r.row);
  }
  return result;
}
