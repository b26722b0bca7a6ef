import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The master key encrypts nothing but the data keys (envelope.ts). It is never in the
// database or a backup: DATA_KEY (the environment), DATA_KEY_FILE (a file the operator keeps),
// or a file under DATA_DIR made on the first start of an empty database (mode 0600), as the
// audit checkpoints keep theirs (checkpoints.ts).

export const KEY_FILE = 'data-encryption.key';

export interface MasterKey {
  key: Buffer;
  /** A fingerprint naming the key (never enough to find it): written beside each wrapped data key. */
  id: string;
  /** Where it came from, as a person would look for it. */
  source: string;
}

/** Why no key could be used: one line, naming where the key was looked for. Never a key. */
export class KeyProblem extends Error {}

export interface KeySettings {
  dataDir: string;
  dataKey?: string | undefined;
  dataKeyFile?: string | undefined;
}

export const keyId = (key: Buffer): string => createHash('sha256').update('carecircles master key id\0').update(key).digest('hex').slice(0, 16);

/** 64 hex characters, or 32 bytes in base64: what DATA_KEY and a key file hold. */
export function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(t) ? Buffer.from(t, 'base64') : null;
  if (!key || key.length !== 32) throw new KeyProblem(`${where} does not hold a key: it must be 64 hexadecimal characters (32 random bytes), as \`openssl rand -hex 32\` prints.`);
  return key;
}

const master = (key: Buffer, source: string): MasterKey => ({ key, id: keyId(key), source });

/** The file the key is kept in (and a rotation writes): DATA_KEY_FILE, or DATA_DIR/data-encryption.key. */
export const keyFilePath = (s: KeySettings): string => resolve(s.dataKeyFile ?? join(s.dataDir, KEY_FILE));

/** The master key the settings name, or null when there is none yet (no DATA_KEY, no file). */
export function findMasterKey(s: KeySettings): MasterKey | null {
  if (s.dataKey) return master(parseKey(s.dataKey, 'DATA_KEY'), 'DATA_KEY');
  const path = keyFilePath(s);
  if (!existsSync(path)) {
    if (s.dataKeyFile) throw new KeyProblem(`DATA_KEY_FILE names ${path}, which does not exist.`);
    return null;
  }
  return master(parseKey(readFileSync(path, 'utf8'), path), path);
}

/** Write a key to a new file (readable by this user only), flushed before this returns. */
export function writeKeyFile(path: string, key: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** A new random master key in the key file. Refuses to overwrite one: a lost key is lost care text. */
export function createMasterKey(s: KeySettings): MasterKey {
  const path = keyFilePath(s);
  const key = randomBytes(32);
  try {
    writeKeyFile(path, key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return master(parseKey(readFileSync(path, 'utf8'), path), path);
  }
  return master(key, path);
}
