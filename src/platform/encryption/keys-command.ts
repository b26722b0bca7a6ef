import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db.ts';
import { encryptExisting, plaintextCounts } from './existing.ts';
import { KeyProblem } from './master-key.ts';
import { rotateMasterKey } from './rotate.ts';
import { checkedMasterKey, keySettings } from './startup.ts';

const USAGE = `Usage: carecircles keys status | keys encrypt | keys rotate [--data-keys]

  status                 which master key is in use, the data keys it wraps, and how many stored
                         values are not encrypted yet
  encrypt                encrypt every care note, MAR entry, profile section and concern detail
                         still stored in clear (written before encryption, or loaded by a tool)
  rotate                 make a new master key and re-wrap every data key with it (the records
                         are not rewritten); the previous key is kept beside it, renamed, for
                         restoring backups made before the rotation. Stop the server first.
  rotate --data-keys     also give every team a new data key: what is written from then on uses
                         it; what was written before stays readable under its own key`;

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** `carecircles keys …`: one line per outcome; a refusal is one line, never a key. */
export async function keysCommand({ config, database, clock, args }: { config: Config; database: Database; clock: Clock; args: string[] }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { 'data-keys': { type: 'boolean' } } });
  } catch {
    console.error(USAGE);
    return 2;
  }
  const [what] = parsed.positionals;
  const settings = keySettings(config);
  try {
    if (what === 'status') {
      const key = await checkedMasterKey(database.db, settings);
      const keys = ((await database.db.execute(sql`SELECT count(*)::int AS n, count(DISTINCT scope)::int AS scopes FROM data_keys`)) as unknown as { rows: { n: number; scopes: number }[] }).rows[0];
      console.log(`Master key ${key.id}, from ${key.source}: it wraps ${keys?.n ?? 0} data keys of ${keys?.scopes ?? 0} teams.`);
      const left = await plaintextCounts(database.db);
      const total = sum(left);
      console.log(total === 0 ? 'Every care note, MAR entry, profile section and concern detail is encrypted.' : `${total} stored values are not encrypted yet (run \`carecircles keys encrypt\`):`);
      for (const [field, n] of Object.entries(left)) if (n > 0) console.log(`  ${field.padEnd(32)} ${n}`);
      return 0;
    }
    if (what === 'encrypt') {
      await checkedMasterKey(database.db, settings);
      const done = await encryptExisting(database);
      const total = sum(done);
      console.log(total === 0 ? 'Nothing to encrypt: every value was encrypted already.' : `Encrypted ${total} values:`);
      for (const [field, n] of Object.entries(done)) console.log(`  ${field.padEnd(32)} ${n}`);
      return 0;
    }
    if (what === 'rotate') {
      const current = await checkedMasterKey(database.db, settings);
      const r = await rotateMasterKey(database, settings, current, clock.now(), parsed.values['data-keys'] === true);
      console.log(`Rotated: master key ${r.oldKeyId} → ${r.newKeyId}, in ${r.keyFile}. ${r.rewrapped} data keys re-wrapped${r.newVersions ? `, ${r.newVersions} teams given a new data key` : ''}.`);
      console.log(`The previous key is kept as ${r.retiredFile}: backups made before now need it to be restored. Keep it with those backups, away from this machine, or delete it once they are gone.`);
      return 0;
    }
  } catch (error) {
    if (error instanceof KeyProblem) {
      console.error(`Keys: ${error.message}`);
      return 1;
    }
    throw error;
  }
  console.error(USAGE);
  return 2;
}
