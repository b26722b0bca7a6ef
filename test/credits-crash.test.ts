// The ledger survives a crash: SIGKILL the server in the middle of a transfer load, restart it,
// and every transfer acknowledged with 2xx is there, none is half-written, the invariants hold,
// and a retry of any request (acknowledged or cut off) with its key gives one transfer, not two.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inArray, sql } from 'drizzle-orm';
import { creditTransfers } from '../src/modules/credits/schema.ts';
import { verifyLedger } from '../src/modules/credits/verify.ts';
import { type Database, migrate, openDatabase } from '../src/platform/db.ts';
import { databaseKinds, freshPostgres } from './support/db.ts';
import { type Holder, type Sent, earning, gift, ledgerPeople, send } from './support/ledger-load.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

/** Workers sending gifts both ways and new earnings until the server dies under them. */
function load(base: string, p: { admin: Holder; holders: Holder[] }, sent: Sent[], workers = 8) {
  const [bea, cal] = p.holders as [Holder, Holder];
  const next = (): Sent => {
    const r = Math.random();
    if (r < 0.2) return earning(p.admin, bea);
    return r < 0.6 ? gift(bea, cal) : gift(cal, bea);
  };
  return Array.from({ length: workers }, async () => {
    for (;;) {
      const s = next();
      sent.push(s);
      try {
        await send(base, s);
      } catch {
        return; // the server is gone: this request's fate is unknown until it is retried
      }
    }
  });
}

for (const kind of databaseKinds()) {
  describe(`the ledger after a SIGKILL mid-load [${kind}]`, () => {
    test('every acknowledged transfer is there, none half-written, retries give one transfer each', async () => {
      let database: Database;
      let env: Record<string, string>;
      if (kind === 'pglite') {
        const dataDir = mkdtempSync(join(tmpdir(), 'cc-crash-'));
        database = await openDatabase({ dataDir });
        await migrate(database);
        env = { DATA_DIR: dataDir };
      } else {
        database = await freshPostgres(process.env.TEST_DATABASE_URL as string);
        env = { DATABASE_URL: (database as Database & { url: string }).url };
      }
      const p = await ledgerPeople(database, 2, 6000);
      const reopen = async () => {
        if (kind === 'pglite') database = await openDatabase({ dataDir: env.DATA_DIR as string });
      };
      if (kind === 'pglite') await database.close();

      let server: ServerProcess = await startServerProcess(env);
      const sent: Sent[] = [];
      const workers = load(server.base, p, sent);
      // Let the load run until well over a hundred transfers are acknowledged, then kill.
      const started = Date.now();
      while (sent.filter((s) => s.status && s.status < 300).length < 150 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
      server.child.kill('SIGKILL');
      await server.exited;
      await Promise.all(workers);

      const acknowledged = sent.filter((s) => s.status !== undefined && s.status < 300);
      const cutOff = sent.filter((s) => s.status === undefined);
      console.log(`  [${kind}] ${acknowledged.length} transfers acknowledged, ${cutOff.length} cut off by the kill`);
      assert.ok(acknowledged.length >= 150, `load ran (${acknowledged.length} acknowledged)`);
      assert.deepEqual(sent.filter((s) => s.status !== undefined && s.status >= 300).map((s) => s.status), [], 'nothing was refused under load');

      server = await startServerProcess(env);
      // Retrying an acknowledged request returns the same transfer; a cut-off one is either
      // found (it committed before the kill) or made now: never both, never half.
      for (const s of acknowledged) {
        const first = s.transferId;
        await send(server.base, s);
        assert.equal(s.status, 200, 'an acknowledged transfer is replayed, not made again');
        assert.equal(s.transferId, first);
      }
      for (const s of cutOff) {
        await send(server.base, s);
        assert.ok(s.status === 200 || s.status === 201, `a cut-off request settles on retry (got ${s.status})`);
      }
      assert.equal(await server.stop(), 0);

      await reopen();
      const ids = [...acknowledged, ...cutOff].map((s) => s.transferId as string);
      const found = await database.db.select({ id: creditTransfers.id }).from(creditTransfers).where(inArray(creditTransfers.id, ids));
      assert.equal(found.length, new Set(ids).size, 'every acknowledged and retried transfer is stored once');
      const total = (await database.db.execute(sql`SELECT count(*)::int AS n FROM credit_transfers`)) as unknown as { rows: { n: number }[] };
      assert.equal(total.rows[0]?.n, ids.length + 2, 'no transfer beyond the ones sent (and the two fundings)');
      assert.deepEqual(await verifyLedger(database.db), []);
      await database.close();
    });
  });
}
