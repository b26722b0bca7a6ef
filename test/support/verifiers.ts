// Every check the project has for its own records, in one place: the ledger adds up
// (verifyLedger), and what `carecircles verify-audit` walks (the access log's hash chain and the
// care logs' chains per team). Used on a database after a crash and on a restored backup.
import { verifyCareLogs } from '../../src/modules/care/logs/chain.ts';
import { verifyLedger } from '../../src/modules/credits/verify.ts';
import { verifyAccessLog } from '../../src/platform/access-log.ts';
import type { Database } from '../../src/platform/db.ts';

/** What is wrong, one line per problem; empty when every verifier passes. */
export async function runVerifiers(database: Database): Promise<string[]> {
  const problems = (await verifyLedger(database.db)).map((p) => `ledger: ${p}`);
  const access = await verifyAccessLog(database);
  if (access) problems.push(`verify-audit: ${access.table} ${access.problem}`);
  const care = await verifyCareLogs(database);
  if (care) problems.push(`verify-audit: ${care.table} ${care.problem}`);
  return problems;
}
