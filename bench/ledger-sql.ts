// For `npm run bench:ledger`: the server's own statements for one gift, run by pgbench's C
// client instead of the Node server. This is a diagnostic, kept apart from the ratio: how
// fast PostgreSQL on this machine can run this ledger's transaction (with its deferred
// checks) when there is no HTTP, JSON or Node in the way. The API cannot go faster than this.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GIVE } from '../src/modules/credits/ledger-sql.ts';
import { sha256 } from '../src/platform/ids.ts';
import type { Holder } from '../test/support/ledger-load.ts';

/** Put SQL expressions where the statement has $1, $2, …; a fresh id wherever the server sends one. */
const fill = (text: string, values: Record<number, string>) =>
  text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = values[Number(n)];
    if (value === undefined) throw new Error(`no value for $${n}`);
    return `(${value})`;
  });

/**
 * One pgbench script per client, each the gift its API client sends (to the next person round
 * the ring), as the server runs it: the token look-up, then the gift as one statement (its own
 * transaction) from src/modules/credits/ledger-sql.ts. Returns the script files' paths.
 */
export function ledgerSqlScripts(holders: Holder[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-ledger-sql-'));
  return holders.map((from, i) => {
    const to = holders[(i + 1) % holders.length] as Holder;
    const give = fill(GIVE, {
      1: `'${from.personId}'`, 2: `'${to.personId}'`, 3: '15', 4: `'load'`, 5: 'gen_random_uuid()::text', 6: `'${sha256(String(i))}'`,
      7: 'gen_random_uuid()', 8: 'gen_random_uuid()', 9: 'gen_random_uuid()', 10: 'gen_random_uuid()', 11: 'now()',
    });
    const script = `SELECT t.id, t.last_used_at, p.id, p.name, p.preferred_name, p.is_admin
  FROM api_tokens t INNER JOIN people p ON p.id = t.person_id
  WHERE t.token_hash = '${sha256(from.token)}' AND t.revoked_at IS NULL;
${give};
`;
    const path = join(dir, `gift-${i}.sql`);
    writeFileSync(path, script);
    return path;
  });
}
