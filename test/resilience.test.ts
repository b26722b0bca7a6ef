// Resilience: SIGKILL the server in the middle of a mixed load through the JSON API (proposals,
// chat, care logs and their reads, credit transfers), on the database `npm start` runs (the
// embedded PostgreSQL, whose every process is SIGKILLed too, as a power cut would stop them:
// the restart recovers from the write-ahead log) and on PostgreSQL when TEST_DATABASE_URL is
// set; restart it on the same database, and
// show that every acknowledged request is there exactly as acknowledged, nothing is
// half-written, a retried transfer (acknowledged or cut off) gives one transfer and never two,
// and every verifier passes: the ledger, the access log and the care-log chains.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { acknowledged, callApi, get, post } from './support/api-load.ts';
import { serverDatabase } from './support/db.ts';
import { embeddedServerDatabase, killPostgres } from './support/embedded.ts';
import { send } from './support/ledger-load.ts';
import { type Journal, acknowledgedCounts, mixedCast, refusals, startMixedLoad } from './support/mixed-load.ts';
import { checkAfterCrash } from './support/mixed-load-checks.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';
import { runVerifiers } from './support/verifiers.ts';

/** Enough of each kind acknowledged that the kill lands in the middle of all of them. */
const enough = { transfers: 40, chats: 15, proposalCalls: 12, careCalls: 9 };

/** How long each phase took, printed with the result (the CI budget for this file is tight). */
function stopwatch() {
  let last = Date.now();
  const laps: string[] = [];
  return { lap: (name: string) => laps.push(`${name} ${((Date.now() - last) / 1000).toFixed(1)} s`) && (last = Date.now()), toString: () => laps.join(', ') };
}

/** Run fn over the items, `lanes` at a time. */
async function inLanes<T>(items: T[], lanes: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: lanes }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

const kinds = ['embedded-postgres', ...(process.env.TEST_DATABASE_URL ? ['postgres' as const] : [])] as const;

for (const kind of kinds) {
  describe(`SIGKILL during mixed load [${kind}]`, () => {
    test('acknowledged writes survive whole, retries give one transfer each, every verifier passes', async () => {
      const time = stopwatch();
      const embedded = kind === 'embedded-postgres' ? embeddedServerDatabase() : null;
      const place = embedded ?? (await serverDatabase('postgres'));
      try {
        let database = await place.open();
        const cast = await mixedCast(database);
        await place.release();
        time.lap('setup');

        let server: ServerProcess = await startServerProcess(place.env);
        time.lap('start');
        const journal: Journal = { transfers: [], chats: [], proposals: [], care: [] };
        const workers = startMixedLoad(server.base, cast, journal, 120_000);
        const started = Date.now();
        const short = () => Object.entries(acknowledgedCounts(journal)).filter(([k, n]) => n < enough[k as keyof typeof enough]);
        while (short().length > 0 && Date.now() - started < 90_000) await new Promise((r) => setTimeout(r, 20));
        server.child.kill('SIGKILL');
        if (embedded) await killPostgres(embedded.dataDir);
        await server.exited;
        await Promise.all(workers);
        time.lap('load');

        const counts = acknowledgedCounts(journal);
        const cutOff = journal.transfers.filter((s) => s.status === undefined);
        const inFlight = [...journal.chats, ...journal.proposals.flatMap((r) => r.calls), ...journal.care.flatMap((r) => r.calls)].filter((c) => c.status === undefined).length;
        console.log(`  [${kind}] acknowledged ${JSON.stringify(counts)}; cut off by the kill: ${cutOff.length} transfers, ${inFlight} other calls`);
        assert.deepEqual(short(), [], 'the load ran: enough of every kind was acknowledged before the kill');
        assert.deepEqual(refusals(journal), [], 'nothing was refused under load');

        server = await startServerProcess(place.env);
        time.lap('restart');
        // Retrying an acknowledged transfer returns the same transfer; a cut-off one is either
        // found (it committed before the kill) or made now: never both, never half.
        const ackedTransfers = journal.transfers.filter(acknowledged);
        const firstIds = new Map(ackedTransfers.map((s) => [s, s.transferId]));
        await inLanes([...ackedTransfers, ...cutOff], 4, (s) => send(server.base, s));
        for (const s of ackedTransfers) {
          assert.equal(s.status, 200, 'an acknowledged transfer is replayed, not made again');
          assert.equal(s.transferId, firstIds.get(s));
        }
        for (const s of cutOff) assert.ok(s.status === 200 || s.status === 201, `a cut-off transfer settles on retry (got ${s.status})`);
        console.log(`  [${kind}] of the transfers cut off, ${cutOff.filter((s) => s.status === 200).length} had committed before the kill (replayed) and ${cutOff.filter((s) => s.status === 201).length} had not (made on retry)`);
        // The restarted server carries on the same care-log chain: a log added, read and confirmed.
        const add = await callApi(server.base, post(cast.volunteer.token, `/api/v1/teams/${cast.teamId}/care-logs`, { activity: 'After the restart', startsAt: new Date(Date.now() - 1_800_000).toISOString(), endsAt: new Date(Date.now() - 900_000).toISOString() }));
        assert.equal(add.status, 201, JSON.stringify(add.json));
        const logId = (add.json as { logId: string }).logId;
        assert.equal((await callApi(server.base, get(cast.owner.token, `/api/v1/care-logs/${logId}`))).status, 200);
        assert.equal((await callApi(server.base, post(cast.owner.token, `/api/v1/care-logs/${logId}/confirm`))).json?.state, 'confirmed');
        assert.equal(await server.stop(), 0);
        time.lap('retries and stop');

        database = await place.open();
        const ids = new Set([...ackedTransfers, ...cutOff].map((s) => s.transferId as string));
        const stored = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM credit_transfers WHERE id = ANY($1::uuid[])', [[...ids]]);
        assert.equal(stored[0]?.n, ids.size, 'every acknowledged and retried transfer is stored once');
        // Besides those: the two fundings, and one earning per confirmed volunteer log (checked below).
        const others = await database.query<{ n: number }>("SELECT count(*)::int AS n FROM credit_transfers WHERE NOT (kind = 'earn' AND reference_type = 'care_log')");
        assert.equal(others[0]?.n, ids.size + 2, 'no transfer beyond the ones sent (and the two fundings)');
        assert.deepEqual(await checkAfterCrash(database, cast, journal), []);
        assert.deepEqual(await runVerifiers(database), []);
        time.lap('checks');
        console.log(`  [${kind}] ${time}`);
      } finally {
        await place.drop();
      }
    });
  });
}
