import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db.ts';
import { newId } from '../ids.ts';
import { type DataKeyRow, forgetDataKeys, unwrapDataKey, useMasterKey, wrapDataKey } from './envelope.ts';
import { keyFilePath, KeyProblem, keyId, type KeySettings, type MasterKey, writeKeyFile } from './master-key.ts';

const rowsOf = async <T>(db: Db, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

/** Every data key, unwrapped by this master key: any it can not open stops everything (KeyProblem). */
export async function openAllDataKeys(db: Db, master: MasterKey): Promise<{ row: DataKeyRow; key: Buffer }[]> {
  const rows = await rowsOf<DataKeyRow>(db, sql`SELECT id, scope, version, wrapped, master_key_id FROM data_keys ORDER BY scope, version FOR UPDATE`);
  return rows.map((row) => ({ row, key: unwrapDataKey(master, row) }));
}

export interface Rotation {
  rewrapped: number;
  /** Scopes given a new data key version (with --data-keys). */
  newVersions: number;
  oldKeyId: string;
  newKeyId: string;
  /** Where the previous key was kept: backups made before the rotation need it. */
  retiredFile: string;
  keyFile: string;
}

/**
 * `carecircles keys rotate`: a new master key; every data key re-wrapped with it in one
 * transaction (the encrypted rows are not touched). With newDataKeys, each scope also gets a new
 * data key version, wrapped by the new master key: what is written from then on uses it, and
 * what was written before stays readable under its own version.
 *
 * The order keeps a key for the data at every moment: the new key is written to KEYFILE.new and
 * flushed; the database commits; then the old file becomes KEYFILE.retired-<old id> and the new
 * one takes its name. A stop between the commit and the renames leaves KEYFILE.new, which the
 * refusal to start names.
 */
export async function rotateMasterKey(database: Database, settings: KeySettings, current: MasterKey, now: Date, newDataKeys: boolean): Promise<Rotation> {
  if (settings.dataKey) {
    throw new KeyProblem('The master key comes from DATA_KEY, which a rotation can not change: keep the key in a file (DATA_KEY_FILE) instead, then rotate.');
  }
  const keyFile = keyFilePath(settings);
  const pending = `${keyFile}.new`;
  if (existsSync(pending)) throw new KeyProblem(`${pending} exists: an earlier rotation did not finish. If the server refuses the current key, that file holds the key; otherwise delete it and rotate again.`);
  const fresh = randomBytes(32);
  const next: MasterKey = { key: fresh, id: keyId(fresh), source: keyFile };
  let rewrapped = 0;
  let newVersions = 0;
  writeKeyFile(pending, fresh);
  try {
    await database.db.transaction(async (tx) => {
      const all = await openAllDataKeys(tx, current);
      for (const { row, key } of all) {
        await tx.execute(sql`UPDATE data_keys SET wrapped = ${wrapDataKey(next, row, key)}, master_key_id = ${next.id} WHERE id = ${row.id}`);
        rewrapped += 1;
      }
      if (newDataKeys) {
        const latest = new Map<string, number>();
        for (const { row } of all) latest.set(row.scope, Math.max(latest.get(row.scope) ?? 0, row.version));
        for (const [scope, version] of latest) {
          const k = { id: newId(), scope, version: version + 1 };
          await tx.execute(sql`INSERT INTO data_keys (id, scope, version, wrapped, master_key_id, created_at) VALUES (${k.id}, ${scope}, ${k.version}, ${wrapDataKey(next, k, randomBytes(32))}, ${next.id}, ${now})`);
          newVersions += 1;
        }
      }
    });
  } catch (error) {
    // Nothing was committed: the old key is still the key.
    rmSync(pending, { force: true });
    throw error;
  }
  const retiredFile = `${keyFile}.retired-${current.id}`;
  if (existsSync(keyFile)) renameSync(keyFile, retiredFile);
  renameSync(pending, keyFile);
  useMasterKey(next);
  forgetDataKeys();
  return { rewrapped, newVersions, oldKeyId: current.id, newKeyId: next.id, retiredFile, keyFile };
}
