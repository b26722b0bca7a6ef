import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BackupRefused } from '../backup-file.ts';
import { type DataKeyRow, currentMasterKey, unwrapDataKey } from './envelope.ts';
import { findMasterKey, KeyProblem, type KeySettings } from './master-key.ts';

/** The data_keys rows a backup file holds (wrapped: a backup never holds a key in clear). */
async function dataKeyRows(file: string): Promise<DataKeyRow[]> {
  const rows: DataKeyRow[] = [];
  let inTable = false;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.startsWith('{"r":')) {
      if (inTable) rows.push(JSON.parse(line.slice(5, -1)) as DataKeyRow);
    } else if (line.startsWith('{"table":')) {
      inTable = (JSON.parse(line) as { table: string }).table === 'data_keys';
    } else inTable = false;
  }
  return rows;
}

/**
 * Before a restore writes anything: every data key in the backup must open with the master key
 * here (DATA_KEY, DATA_KEY_FILE or the key file in DATA_DIR). Without it the care text in the
 * backup could never be read, so nothing is restored and the refusal says which key is needed.
 */
export async function checkBackupKeys(file: string, settings: KeySettings): Promise<void> {
  const rows = await dataKeyRows(file);
  if (rows.length === 0) return;
  const key = currentMasterKey() ?? findMasterKey(settings);
  if (!key) {
    throw new BackupRefused(`the backup holds encrypted care records (data keys wrapped by master key ${rows[0]?.master_key_id}) and no encryption key was found here: put the key of the co-op that made it in DATA_DIR/data-encryption.key, or set DATA_KEY_FILE. Nothing was restored.`);
  }
  for (const row of rows) {
    try {
      unwrapDataKey(key, row);
    } catch (error) {
      if (!(error instanceof KeyProblem)) throw error;
      throw new BackupRefused(row.master_key_id === key.id
        ? `the backup's data key ${row.id} does not open with the key in ${key.source}: the file was altered. Nothing was restored.`
        : `the backup's data keys were wrapped by master key ${row.master_key_id}, and the key in ${key.source} is ${key.id}: use the key that was in use when the backup was made (a rotation keeps the previous one as data-encryption.key.retired-${row.master_key_id}). Nothing was restored.`);
    }
  }
}
