// The synthetic co-op generator (bench/data): a tiny co-op loaded with every trigger and foreign
// key firing, then checked with the app's own verifiers and a real sign-in; and the plan's
// distributions at scale 1, which need no database.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { careLogPlan } from '../bench/data/care.ts';
import { type CoopReport, generateCoop } from '../bench/data/generate.ts';
import { dropSecondaryIndexes, restoreIndexes } from '../bench/data/indexes.ts';
import { PASSWORD, planCoop, sizesFor } from '../bench/data/plan.ts';
import { planTeams } from '../bench/data/teams-plan.ts';
import { verifyCareLogs } from '../src/modules/care/logs/chain.ts';
import { verifyLedger } from '../src/modules/credits/verify.ts';
import { signIn } from '../src/modules/people/commands/sign-in.ts';
import { verifyAccessLog } from '../src/platform/access-log.ts';
import { systemClock } from '../src/platform/clock.ts';
import { run } from '../src/platform/context.ts';
import { type Database, openDatabase } from '../src/platform/db.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
const skip = adminUrl ? false : 'needs TEST_DATABASE_URL: the generator loads PostgreSQL itself (COPY, its own database)';
const SCALE = 0.002;

describe('bench:data at a tiny scale, every trigger on', { skip }, () => {
  const url = Object.assign(new URL(adminUrl ?? 'postgres://localhost/x'), { pathname: `/benchdata_${randomBytes(6).toString('hex')}` }).toString();
  let report: CoopReport;
  let database: Database;
  const count = async (sql: string) => Number((await database.query<{ n: string }>(sql))[0]?.n);

  before(async () => {
    // enforceTriggers: no session_replication_role, no dropped indexes, so the database itself
    // checks every foreign key, the append-only triggers and the deferred ledger checks.
    // From the run's migrated template when there is one (test/run.ts); migrate() then has nothing to do.
    const template = process.env.CC_TEST_PG_TEMPLATE;
    report = await generateCoop({ url, scale: SCALE, enforceTriggers: true, verify: false, showProgress: false, now: new Date('2026-11-23T00:00:00Z'), ...(template ? { template } : {}) });
    database = await openDatabase({ databaseUrl: url, poolSize: 3 });
  });
  after(async () => {
    await database?.close();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  });

  test('the counts are the issue numbers times the scale', async () => {
    const sizes = sizesFor(SCALE);
    const near = (actual: number, perScaleOne: number) => assert.ok(Math.abs(actual - perScaleOne * SCALE) <= perScaleOne * SCALE * 0.01, `${actual} is not ${perScaleOne} x ${SCALE}`);
    near(await count('SELECT count(*) AS n FROM care_logs'), 1_000_000);
    near(await count('SELECT count(*) AS n FROM credit_transfers'), 2_000_000);
    near(await count('SELECT count(*) AS n FROM chat_messages'), 500_000);
    near(await count('SELECT count(*) AS n FROM proposals'), 20_000);
    // The small kinds have floors so a tiny co-op still has a tree and a few teams.
    assert.equal(await count('SELECT count(*) AS n FROM people'), sizes.people);
    assert.equal(await count("SELECT count(*) AS n FROM circles WHERE kind = 'team'"), sizes.teams);
    assert.equal(await count("SELECT count(*) AS n FROM circles WHERE kind = 'circle'"), sizes.circles);
    assert.equal(await count('SELECT count(*) AS n FROM credit_entries'), 2 * (await count('SELECT count(*) AS n FROM credit_transfers')));
    assert.equal(report.counts.care_logs, await count('SELECT count(*) AS n FROM care_logs'));
  });

  test("the app's verifiers pass: the ledger, every team's care-log chain, the access log", async () => {
    assert.deepEqual(await verifyLedger(database.db), []);
    assert.equal(await verifyCareLogs(database), null);
    assert.equal(await verifyAccessLog(database), null);
    // verifyLedger checks final balances; no account went below zero on the way either.
    assert.equal(await count('SELECT count(*) AS n FROM credit_entries e JOIN credit_accounts a ON a.id = e.account_id WHERE NOT a.allow_negative AND e.balance_after < 0'), 0);
    // And the chains really were hashed: a changed log is caught.
    await database.query('SET session_replication_role = replica');
    await database.query("UPDATE care_logs SET minutes = minutes + 1 WHERE id = (SELECT id FROM care_logs ORDER BY id LIMIT 1)");
    assert.match((await verifyCareLogs(database))?.problem ?? '', /altered/);
    await database.query("UPDATE care_logs SET minutes = minutes - 1 WHERE id = (SELECT id FROM care_logs ORDER BY id LIMIT 1)");
  });

  test('every stage is there: adopted proposals with logbook entries, open and withdrawn ones; logs in several states', async () => {
    const states = new Set((await database.query<{ state: string }>('SELECT DISTINCT state FROM proposals')).map((r) => r.state));
    for (const s of ['adopted', 'withdrawn']) assert.ok(states.has(s), `no ${s} proposal`);
    assert.ok([...states].some((s) => !['adopted', 'withdrawn', 'referred'].includes(s)), 'no open proposal');
    assert.equal(await count("SELECT count(*) AS n FROM proposals WHERE state = 'adopted' AND logbook_entry_id IS NULL"), 0);
    const logStates = (await database.query<{ state: string }>('SELECT DISTINCT state FROM care_logs')).map((r) => r.state);
    assert.ok(logStates.includes('confirmed') && logStates.length >= 2, `log states: ${logStates.join(', ')}`);
    // Every confirmed volunteer log earned its minutes once.
    assert.equal(
      await count("SELECT count(*) AS n FROM care_logs l LEFT JOIN credit_transfers t ON t.kind = 'earn' AND t.reference_type = 'care_log' AND t.reference_id = l.id::text WHERE l.kind = 'volunteer' AND l.state = 'confirmed' AND (t.id IS NULL OR t.amount <> l.minutes)"),
      0,
    );
  });

  test('the sample people sign in with the bench password, and the report points at real rows', async () => {
    const deps = { database, clock: systemClock };
    for (const who of [report.people.admin, report.people.busyOwner, report.people.worker]) {
      const result = await run(deps, null, signIn, { email: who.email, password: PASSWORD, ip: '127.0.0.1', userAgent: 'bench-data test' });
      assert.equal(result.ok, true, `${who.email} could not sign in`);
    }
    assert.equal((await run(deps, null, signIn, { email: report.people.volunteer.email, password: 'not the password', ip: '127.0.0.2', userAgent: 't' })).ok, false);
    assert.equal(await count(`SELECT count(*) AS n FROM people WHERE id = '${report.people.admin.id}' AND is_admin`), 1);
    assert.equal(await count(`SELECT count(*) AS n FROM circles WHERE id = '${report.ids.busyTeam}' AND owner_id = '${report.people.busyOwner.id}'`), 1);
    assert.equal(await count(`SELECT count(*) AS n FROM care_logs WHERE id = '${report.ids.careLog}' AND team_id = '${report.ids.busyTeam}'`), 1);
  });

  test("the big tables' secondary indexes, dropped for a fast load, come back exactly as the migrations made them", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const catalog = async () =>
        (await client.query<{ d: string }>(
          `SELECT tablename || ' ' || indexdef AS d FROM pg_indexes WHERE schemaname = 'public'
           UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
        )).rows.map((r) => r.d);
      const before = await catalog();
      const dropped = await dropSecondaryIndexes(client);
      assert.ok(dropped.length >= 10, `only ${dropped.length} dropped`);
      assert.ok((await catalog()).length < before.length);
      await restoreIndexes(client, dropped);
      assert.deepEqual(await catalog(), before);
    } finally {
      await client.end();
    }
  });
});

describe('bench:data plan at scale 1 (no database)', () => {
  const coop = planCoop(1, Date.UTC(2026, 10, 23));
  planTeams(coop);

  test('activity is skewed: tens of thousands of logs in the busiest teams, hundreds in most', () => {
    const { perTeam } = careLogPlan(coop);
    const sorted = [...perTeam].sort((a, b) => b - a);
    assert.ok((sorted[0] as number) >= 20_000, `busiest team: ${sorted[0]}`);
    assert.ok(sorted.filter((n) => n >= 10_000).length >= 5);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    assert.ok(median >= 100 && median < 1000, `median team: ${median}`);
    // person2 owns the busiest team.
    assert.equal(coop.teams[0]?.owner, 2);
    assert.equal(perTeam[0], sorted[0]);
  });

  test('most teams have 3 to 8 members, a few circles have hundreds', () => {
    const sizes = coop.teams.map((t) => coop.circles[t.circle]?.members.filter((m) => m.leftAt === null).length ?? 0);
    const small = sizes.filter((n) => n >= 3 && n <= 8).length;
    assert.ok(small / sizes.length > 0.8, `${small} of ${sizes.length} teams have 3 to 8 members`);
    const big = coop.circles.filter((c) => c.kind === 'circle' && c.members.length >= 200);
    assert.ok(big.length >= 2, `circles with hundreds of members: ${big.length}`);
  });

  test('the same scale plans the same co-op', () => {
    const again = planCoop(1, Date.UTC(2026, 10, 23));
    planTeams(again);
    assert.deepEqual(again.teams.slice(0, 50), coop.teams.slice(0, 50));
    assert.deepEqual(again.people.slice(0, 200), coop.people.slice(0, 200));
  });
});
