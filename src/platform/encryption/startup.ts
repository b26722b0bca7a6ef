import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Db } from '../db.ts';
import { masterKey } from './envelope.ts';
import { keyFilePath, KeyProblem, type KeySettings, type MasterKey } from './master-key.ts';

export const keySettings = (c: Pick<Config, 'dataDir' | 'dataKey' | 'dataKeyFile'>): KeySettings => ({ dataDir: c.dataDir, dataKey: c.dataKey, dataKeyFile: c.dataKeyFile });

/**
 * The master key, checked against every data key's record of the key that wrapped it, before
 * the server (or a key command) does anything: a wrong key is one clear line at start, not an
 * error on the first care page. Made on the first start of an empty database.
 */
export async function checkedMasterKey(db: Db, settings: KeySettings): Promise<MasterKey> {
  const key = await masterKey(db, settings);
  const rows = ((await db.execute(sql`SELECT master_key_id AS id, count(*)::int AS n FROM data_keys GROUP BY 1 ORDER BY 2 DESC`)) as unknown as { rows: { id: string; n: number }[] }).rows;
  const other = rows.find((r) => r.id !== key.id);
  if (other) {
    const pending = `${keyFilePath(settings)}.new`;
    const hint = existsSync(pending) ? ` ${pending} exists: a key rotation stopped before it finished, and that file may hold the key (id ${other.id}); move it to ${keyFilePath(settings)}.` : ' Use the key that was in use when this data (or the backup it came from) was made.';
    throw new KeyProblem(`The encryption key does not match this database: ${other.n} data key${other.n === 1 ? ' was' : 's were'} wrapped by master key ${other.id}, and the key in ${key.source} is ${key.id}.${hint}`);
  }
  return key;
}
