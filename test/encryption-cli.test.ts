// Encryption at rest as an operator meets it (ADR 0024): the demo through the real command, the
// raw bytes of its data directory and of its backup searched for a note's words, the key taken
// away, a restore with and without it, and `keys rotate`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../src/platform/db.ts';
import { migratedDataDir } from './support/db.ts';
import { unseal, useMasterKey } from '../src/platform/encryption/envelope.ts';
import { findMasterKey, KEY_FILE } from '../src/platform/encryption/master-key.ts';
import { mainArgs, projectRoot } from './support/main-process.ts';

// No DATA_KEY: the key is the file the first start makes in DATA_DIR, as on a fresh clone.
const cli = (dataDir: string, args: string[]) =>
  spawnSync(process.execPath, mainArgs(...args), {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DEMO: 'false', DATABASE_URL: '', DATABASE: 'pglite', DATA_KEY: '', DATA_KEY_FILE: '' },
    timeout: 400_000,
  });

/** Words of the demo's care notes and MAR (src/demo/care-notes.ts) that must never be found in the bytes. */
const PHRASES = ['feeding the ducks', 'feeling low since her friend Margaret', 'makes her dizzy', 'hospital appointment (eye clinic)'];

/** Every file under a directory, its bytes searched for each phrase (as `grep -r` would). */
function found(path: string): string[] {
  if (statSync(path).isDirectory()) return readdirSync(path).flatMap((n) => found(join(path, n)));
  const bytes = readFileSync(path);
  return PHRASES.filter((p) => bytes.includes(Buffer.from(p))).map((p) => `${p} in ${path}`);
}

/** The demo's note texts, opened with the key in that data directory. */
async function noteTexts(dataDir: string): Promise<string[]> {
  const database = await openDatabase({ dataDir });
  try {
    useMasterKey(findMasterKey({ dataDir }));
    const rows = await database.query<{ text: string }>('SELECT text FROM care_note_versions');
    const texts: string[] = [];
    for (const r of rows) texts.push(await unseal(database.db, r.text));
    return texts;
  } finally {
    useMasterKey(null);
    await database.close();
  }
}

describe('encryption at rest through the command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-keys-'));
  const source = join(dir, 'source');
  const keyFile = join(source, KEY_FILE);
  const file = join(dir, 'backup.jsonl');
  after(() => useMasterKey(null));

  test('the demo seeds with a key file made for it; neither the data directory nor a backup holds a note\'s words', () => {
    migratedDataDir(source);
    const seeded = cli(source, ['seed', '--demo']);
    assert.equal(seeded.status, 0, seeded.stderr);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'the key file is readable by its owner only');
    const backedUp = cli(source, ['backup', file]);
    assert.equal(backedUp.status, 0, backedUp.stderr);
    assert.deepEqual(found(join(source, 'pgdata')), []);
    assert.deepEqual(found(file), []);
    const key = readFileSync(keyFile, 'utf8').trim();
    assert.ok(!readFileSync(file, 'utf8').includes(key), 'the backup does not hold the key');
    const status = cli(source, ['keys', 'status']);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /^Master key [0-9a-f]{16}, from .*data-encryption\.key: it wraps \d+ data keys of \d+ teams\.\nEvery care note, MAR entry, profile section and concern detail is encrypted\.\n$/);
  });

  test('with the key file gone nothing reads and a restore is refused before it writes; with the key everything reads as before', async () => {
    const aside = join(dir, 'kept.key');
    renameSync(keyFile, aside);
    const status = cli(source, ['keys', 'status']);
    assert.equal(status.status, 1);
    assert.match(status.stderr, /^Keys: The encryption key is missing: this database holds encrypted care records/);
    assert.ok(!existsSync(keyFile), 'no new key is made for a database that holds data keys');
    const target = join(dir, 'target');
    migratedDataDir(target);
    const refused = cli(target, ['restore', file]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^Restore refused: the backup holds encrypted care records \(data keys wrapped by master key [0-9a-f]{16}\) and no encryption key was found here: .* Nothing was restored\.\n$/);
    const emptyTarget = await openDatabase({ dataDir: target });
    assert.deepEqual(await emptyTarget.query('SELECT id FROM people'), [], 'nothing was written');
    await emptyTarget.close();

    copyFileSync(aside, join(target, KEY_FILE));
    const restored = cli(target, ['restore', file]);
    assert.equal(restored.status, 0, restored.stderr);
    const texts = await noteTexts(target);
    assert.ok(texts.some((t) => t.includes('feeding the ducks')), 'the restored notes read with the key');
    renameSync(aside, keyFile);
    assert.deepEqual((await noteTexts(source)).sort(), texts.sort());
  });

  test('keys rotate: a new key, the old one kept aside; everything reads with the new one; an old backup asks for the old key', async () => {
    const before = readFileSync(keyFile, 'utf8').trim();
    const rotated = cli(source, ['keys', 'rotate', '--data-keys']);
    assert.equal(rotated.status, 0, rotated.stderr);
    assert.match(rotated.stdout, /^Rotated: master key ([0-9a-f]{16}) → [0-9a-f]{16}, in .*\. \d+ data keys re-wrapped, \d+ teams given a new data key\.\nThe previous key is kept as .*data-encryption\.key\.retired-\1: backups made before now need it/);
    assert.notEqual(readFileSync(keyFile, 'utf8').trim(), before);
    const retired = readdirSync(source).find((n) => n.startsWith(`${KEY_FILE}.retired-`)) as string;
    assert.equal(readFileSync(join(source, retired), 'utf8').trim(), before);
    assert.ok((await noteTexts(source)).some((t) => t.includes('feeding the ducks')));
    assert.deepEqual(found(join(source, 'pgdata')), []);

    const other = join(dir, 'other');
    mkdirSync(other);
    copyFileSync(keyFile, join(other, KEY_FILE));
    const wrongKey = cli(other, ['restore', file]);
    assert.equal(wrongKey.status, 1);
    assert.match(wrongKey.stderr, new RegExp(`^Restore refused: the backup's data keys were wrapped by master key ${retired.slice(-16)}, and the key in .* is [0-9a-f]{16}: use the key that was in use when the backup was made`));
  });
});
