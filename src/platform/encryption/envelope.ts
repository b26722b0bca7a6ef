import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../config.ts';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import { createMasterKey, findMasterKey, KeyProblem, type KeySettings, type MasterKey } from './master-key.ts';

// Envelope encryption (ADR 0024). A field is sealed with its team's data key, AES-256-GCM,
// and stored as text: "v1:<data key id>:<iv>:<tag>:<ciphertext>" (base64). The data keys are
// rows of data_keys, wrapped by the master key. A value that is not in that form is a row
// written before encryption (or by a tool), shown as it is until `carecircles keys encrypt`
// seals it; anything in that form that does not authenticate is refused, never shown.

const SEALED = /^v1:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([A-Za-z0-9+/]{16}):([A-Za-z0-9+/]{22}==):([A-Za-z0-9+/]*={0,2})$/;

/** A sealed value that does not open: altered, or sealed under a key this database does not hold. */
export class SealBroken extends Error {}

export const isSealed = (value: string): boolean => SEALED.test(value);

let master: MasterKey | null = null;
const dataKeys = new Map<string, Buffer>();

/** Use this master key from now on (the CLI, tests); null forgets it and every unwrapped data key. */
export function useMasterKey(key: MasterKey | null): void {
  master = key;
  dataKeys.clear();
}

/** The master key in use, if one was loaded: a restore checks a backup against it. */
export const currentMasterKey = (): MasterKey | null => master;

/** Forget the unwrapped data keys (a test that takes the key away; a rotation of data keys). */
export const forgetDataKeys = (): void => dataKeys.clear();

const settingsFromConfig = (): KeySettings => {
  const c = loadConfig();
  return { dataDir: c.dataDir, dataKey: c.dataKey, dataKeyFile: c.dataKeyFile };
};

async function wrappedKeyCount(db: Db): Promise<number> {
  const rows = (await db.execute(sql`SELECT count(*)::int AS n FROM data_keys`)) as unknown as { rows: { n: number }[] };
  return rows.rows[0]?.n ?? 0;
}

/**
 * The master key: the one in use, else the one the settings name. A database that holds no
 * data key yet may have one made (the first start); one that holds data keys never does,
 * because a new key could not open them: that is the "key missing" refusal.
 */
export async function masterKey(db: Db, settings: KeySettings = settingsFromConfig()): Promise<MasterKey> {
  if (master) return master;
  const found = findMasterKey(settings);
  if (found) return (master = found);
  if ((await wrappedKeyCount(db)) > 0) {
    throw new KeyProblem('The encryption key is missing: this database holds encrypted care records, and neither DATA_KEY, DATA_KEY_FILE nor the key file in DATA_DIR was found. Put the key back (DATA_DIR/data-encryption.key, or set DATA_KEY_FILE); without it the care text can not be read.');
  }
  return (master = createMasterKey(settings));
}

const b64 = (b: Buffer) => b.toString('base64');

function gcmSeal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${b64(iv)}:${b64(cipher.getAuthTag())}:${b64(ct)}`;
}

/** Throws (GCM) when the key is wrong or any byte changed. */
function gcmOpen(key: Buffer, iv: string, tag: string, ct: string, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]);
}

/** What a wrapped data key is bound to: moving a wrapped key to another row (another team) breaks it. */
const wrapAad = (k: { id: string; scope: string; version: number }) => `carecircles data key ${k.id} ${k.scope} ${k.version}`;

export interface DataKeyRow {
  id: string;
  scope: string;
  version: number;
  wrapped: string;
  master_key_id: string;
}

export const wrapDataKey = (master: MasterKey, row: Omit<DataKeyRow, 'wrapped' | 'master_key_id'>, key: Buffer): string => gcmSeal(master.key, key, wrapAad(row));

/** Unwrap one data key row with this master key; a key from another master, or a changed row, is a KeyProblem naming both. */
export function unwrapDataKey(master: MasterKey, row: DataKeyRow): Buffer {
  if (row.master_key_id !== master.id) {
    throw new KeyProblem(`The encryption key does not match this data: its data keys were wrapped by master key ${row.master_key_id}, and the key in ${master.source} is ${master.id}. Use the key that was in use when the data (or the backup) was made.`);
  }
  const [iv = '', tag = '', ct = ''] = row.wrapped.split(':');
  try {
    return gcmOpen(master.key, iv, tag, ct, wrapAad(row));
  } catch {
    throw new KeyProblem(`The data key ${row.id} (${row.scope}, version ${row.version}) does not open with the master key ${master.id}: the row was altered.`);
  }
}

async function dataKey(db: Db, id: string): Promise<Buffer> {
  const cached = dataKeys.get(id);
  if (cached) return cached;
  const rows = ((await db.execute(sql`SELECT id, scope, version, wrapped, master_key_id FROM data_keys WHERE id = ${id}`)) as unknown as { rows: DataKeyRow[] }).rows;
  const row = rows[0];
  if (!row) throw new SealBroken(`A stored care record names a data key (${id}) this database does not hold: it was altered or copied from another database.`);
  const key = unwrapDataKey(await masterKey(db), row);
  dataKeys.set(id, key);
  return key;
}

/** The newest data key of a scope, made (version 1) if the scope has none yet. */
async function currentKey(db: Db, scope: string): Promise<{ id: string; key: Buffer }> {
  const latest = async () =>
    ((await db.execute(sql`SELECT id FROM data_keys WHERE scope = ${scope} ORDER BY version DESC LIMIT 1`)) as unknown as { rows: { id: string }[] }).rows[0];
  let row = await latest();
  if (!row) {
    const m = await masterKey(db);
    const fresh = { id: newId(), scope, version: 1 };
    // Two first writes at once: one key is kept (the unique index), the other transaction reads it.
    await db.execute(sql`INSERT INTO data_keys (id, scope, version, wrapped, master_key_id, created_at)
      VALUES (${fresh.id}, ${scope}, 1, ${wrapDataKey(m, fresh, randomBytes(32))}, ${m.id}, now()) ON CONFLICT (scope, version) DO NOTHING`);
    row = await latest();
  }
  if (!row) throw new Error(`No data key could be made for ${scope}.`);
  return { id: row.id, key: await dataKey(db, row.id) };
}

const sealAad = (keyId: string) => `v1:${keyId}`;

/**
 * Encrypt one field's text under the scope's (a team's) current data key. Empty stays empty:
 * a ciphertext shows its text's length anyway, and an empty field says nothing more.
 */
export async function seal(db: Db, scope: string, plaintext: string): Promise<string> {
  if (plaintext === '') return '';
  const { id, key } = await currentKey(db, scope);
  return `v1:${id}:${gcmSeal(key, Buffer.from(plaintext, 'utf8'), sealAad(id))}`;
}

/** The text of a stored field: opened if sealed, as it is if written before encryption. */
export async function unseal(db: Db, value: string): Promise<string> {
  const m = SEALED.exec(value);
  if (!m) return value;
  const [, id = '', iv = '', tag = '', ct = ''] = m;
  const key = await dataKey(db, id);
  try {
    return gcmOpen(key, iv, tag, ct, sealAad(id)).toString('utf8');
  } catch {
    throw new SealBroken(`A stored care record does not decrypt under its data key ${id}: it was altered. It is not shown.`);
  }
}

/** unseal for a value that may be absent (a nullable column). */
export const unsealMaybe = async (db: Db, value: string | null): Promise<string | null> => (value === null ? null : unseal(db, value));
