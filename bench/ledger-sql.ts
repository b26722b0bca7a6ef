// For `npm run bench:ledger`: the server's own statements for one gift, run by pgbench's C
// client instead of the Node server. This is a diagnostic, kept apart from the ratio: how
// fast PostgreSQL on this machine can run this ledger's transaction (with its deferred
// checks) when there is no HTTP, JSON or Node in the way. The API cannot go faster than this.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_PEOPLE, WRITE_TRANSFER } from '../src/modules/credits/ledger-sql.ts';
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
 * the ring), as the server runs it: the token look-up, then in one transaction the lock
 * statement and the write statement (the event row included) from
 * src/modules/credits/ledger-sql.ts. The lock's rows become pgbench variables (\gset) for the write, as the server
 * carries them in memory. Returns the script files' paths.
 */
export function ledgerSqlScripts(holders: Holder[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-ledger-sql-'));
  return holders.map((from, i) => {
    const to = holders[(i + 1) % holders.length] as Holder;
    const [a, b] = [from.personId, to.personId];
    const lock = fill(LOCK_PEOPLE, { 1: `'{${[a, b].sort().join(',')}}'`, 2: `'{}'` });
    const own = (who: string, column: string) => `max(${column}) FILTER (WHERE person_id = '${who}')`;
    const write = fill(WRITE_TRANSFER, {
      1: 'gen_random_uuid()', 2: 'gen_random_uuid()::text', 3: `'${sha256(String(i))}'`, 4: `'gift'`, 5: ':fid', 6: ':tid',
      7: '15', 8: `'load'`, 9: 'NULL', 10: 'NULL', 11: 'NULL', 12: 'NULL', 13: `'${a}'`, 14: 'now()',
      15: 'gen_random_uuid()', 16: ':fb', 17: ':fv + 1', 18: 'gen_random_uuid()', 19: ':tb', 20: ':tv + 1',
      21: 'gen_random_uuid()', 22: `'credits.gift'`, 23: `'{"amount":15}'`,
    });
    const script = `SELECT t.id, t.last_used_at, p.id, p.name, p.preferred_name, p.is_admin
  FROM api_tokens t INNER JOIN people p ON p.id = t.person_id
  WHERE t.token_hash = '${sha256(from.token)}' AND t.revoked_at IS NULL;
BEGIN;
SELECT ${own(a, 'id::text')} AS fid, ${own(a, 'balance')} AS fb, ${own(a, 'version')} AS fv,
  ${own(b, 'id::text')} AS tid, ${own(b, 'balance')} AS tb, ${own(b, 'version')} AS tv
  FROM (${lock}) locked \\gset
${write};
COMMIT;
`;
    const path = join(dir, `gift-${i}.sql`);
    writeFileSync(path, script);
    return path;
  });
}
