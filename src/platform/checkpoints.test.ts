// Rows removed from the end of a chain leave a shorter chain that is still whole: only the
// checkpoints outside the database show them. Here they are removed as someone with SQL access
// would (triggers off), and named.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../test/support/db.ts';
import { confirmCareLog } from '../modules/care/logs/commands.ts';
import { verifyCareLogs } from '../modules/care/logs/chain.ts';
import { logTeam, volunteerLog } from '../modules/care/logs/test-support.ts';
import { GENESIS, hashEntry, recordAccess, verifyAccessLog } from './access-log.ts';
import { CHECKPOINT_FILE, CHECKPOINT_JOB, checkpointIfMoved, Checkpoints, compareWithCheckpoints, KEY_FILE, readHeads } from './checkpoints.ts';
import { FakeClock, HOUR } from './clock.ts';
import { run } from './context.ts';
import type { Database } from './db.ts';
import { enqueue, runOneJob } from './jobs.ts';

const withTriggersOff = async (database: Database, table: string, trigger: string, statement: string, params: unknown[] = []) => {
  await database.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
  try {
    await database.query(statement, params);
  } finally {
    await database.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
  }
};

describeEachDatabase('audit checkpoints', (db) => {
  const clock = new FakeClock(new Date('2026-11-20T12:00:00Z'));
  let team: Awaited<ReturnType<typeof logTeam>>;
  const problems = async (store: Checkpoints) => {
    const { checkpoints, problems: found } = store.read();
    return [...found, ...(await compareWithCheckpoints(db().db, checkpoints, await readHeads(db().db)))];
  };

  before(async () => {
    const deps = { database: db(), clock };
    team = await logTeam(deps);
    // The confirmed log first, so the newest versions are each one new log's only version.
    await run(deps, team.actors.owner, confirmCareLog, { logId: await volunteerLog(deps, team, 0) });
    for (let i = 1; i <= 5; i++) await volunteerLog(deps, team, i);
    for (let i = 0; i < 6; i++) await db().db.transaction((tx) => recordAccess(tx, clock.now(), { actorId: null, recordType: 'care_note', recordId: `n${i}`, ownerId: null, reason: 'team member' }));
  });

  test('a checkpoint is signed with a key made on first use (mode 0600); an edited line or a lost key is named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-checkpoints-'));
    const store = new Checkpoints(dir);
    assert.equal(store.latest(), null);
    await checkpointIfMoved(db().db, clock.now(), store);
    assert.equal(statSync(join(dir, KEY_FILE)).mode & 0o777, 0o600);
    assert.equal(await checkpointIfMoved(db().db, clock.now(), store), null, 'nothing moved: no new line');
    assert.deepEqual(await problems(store), []);
    const line = readFileSync(store.file, 'utf8');
    writeFileSync(store.file, line.replace(/"rows":(\d+)/, '"rows":7$1'));
    assert.deepEqual(await problems(store), ['checkpoint file line 1 does not match its signature (edited, or signed with another key)']);
    writeFileSync(join(dir, KEY_FILE), 'ab'.repeat(32));
    writeFileSync(store.file, line);
    assert.match((await problems(store))[0] as string, /line 1 does not match its signature/);
  });

  test('the newest 1, then 3 rows of the access log deleted: named as missing after the checkpoint', async () => {
    const store = new Checkpoints(mkdtempSync(join(tmpdir(), 'cc-checkpoints-')));
    const signed = store.append({ at: clock.now().toISOString(), by: 'verify-audit', ...(await readHeads(db().db)) });
    const last = signed.accessLog.seq;
    await withTriggersOff(db(), 'access_log', 'access_log_append_only', 'DELETE FROM access_log WHERE seq > $1', [last - 1]);
    assert.equal(await verifyAccessLog(db()), null, 'the shorter chain is still whole');
    const head = `head ${signed.accessLog.hash.slice(0, 12)}…, row ${last}`;
    assert.deepEqual(await problems(store), [`access log: 1 row missing after the checkpoint of 2026-11-20 12:00 UTC (${head})`]);
    await withTriggersOff(db(), 'access_log', 'access_log_append_only', 'DELETE FROM access_log WHERE seq > $1', [last - 3]);
    assert.deepEqual(await problems(store), [`access log: 3 rows missing after the checkpoint of 2026-11-20 12:00 UTC (${head})`]);
    // A later checkpoint of the shorter chain does not hide it: the furthest head counts.
    store.append({ at: new Date(clock.now().getTime() + HOUR).toISOString(), by: 'job', ...(await readHeads(db().db)) });
    assert.match((await problems(store))[0] as string, /^access log: 3 rows missing after the checkpoint of 2026-11-20 12:00 UTC/);
  });

  test('the newest 1, then 3 care logs of a team deleted with their versions: named as missing', async () => {
    const store = new Checkpoints(mkdtempSync(join(tmpdir(), 'cc-checkpoints-')));
    const signed = store.append({ at: clock.now().toISOString(), by: 'job', ...(await readHeads(db().db)) });
    const head = signed.careLogs[team.teamId];
    assert.ok(head);
    const removeNewest = async (n: number) => {
      const logs = await db().query<{ log_id: string }>('SELECT log_id FROM care_log_versions WHERE team_id = $1 AND seq > $2', [team.teamId, head.seq - n]);
      await withTriggersOff(db(), 'care_log_versions', 'care_log_versions_append_only', 'DELETE FROM care_log_versions WHERE team_id = $1 AND seq > $2', [team.teamId, head.seq - n]);
      await withTriggersOff(db(), 'care_logs', 'care_logs_kept', 'DELETE FROM care_logs WHERE id = ANY($1::uuid[])', [logs.map((l) => l.log_id)]);
    };
    await removeNewest(1);
    assert.equal(await verifyCareLogs(db()), null, 'the shorter chain, and the logs left, still verify');
    const named = `care logs of team ${team.teamId}: `;
    const seen = `after the checkpoint of 2026-11-20 12:00 UTC (head ${head.hash.slice(0, 12)}…, version ${head.seq})`;
    assert.deepEqual(await problems(store), [`${named}1 version missing ${seen}`]);
    await removeNewest(3);
    assert.equal(await verifyCareLogs(db()), null);
    assert.deepEqual(await problems(store), [`${named}3 versions missing ${seen}`]);
  });

  test('the last access-log row replaced by another that chains correctly: named as rewritten', async () => {
    const store = new Checkpoints(mkdtempSync(join(tmpdir(), 'cc-checkpoints-')));
    const signed = store.append({ at: clock.now().toISOString(), by: 'job', ...(await readHeads(db().db)) });
    const [row] = await db().query<{ id: string; at: Date; prev_hash: string }>('SELECT id, at, prev_hash FROM access_log WHERE seq = $1', [signed.accessLog.seq]);
    assert.ok(row);
    const forged = { seq: signed.accessLog.seq, id: row.id, at: new Date(row.at), actorId: null, recordType: 'care_note', recordId: 'other', ownerId: null, reason: 'team member', prevHash: row.prev_hash };
    await withTriggersOff(db(), 'access_log', 'access_log_append_only', 'UPDATE access_log SET record_id = $2, hash = $3 WHERE seq = $1', [forged.seq, 'other', hashEntry(forged)]);
    assert.equal(await verifyAccessLog(db()), null, 'the chain itself still verifies');
    assert.match((await problems(store))[0] as string, new RegExp(`^access log: row ${forged.seq} is not the one in the checkpoint of .*: the chain was rewritten$`));
    assert.notEqual(GENESIS, signed.accessLog.hash);
  });

  test('a restore starts the record afresh: checkpoints of the database it replaced no longer count', async () => {
    const store = new Checkpoints(mkdtempSync(join(tmpdir(), 'cc-checkpoints-')));
    const heads = await readHeads(db().db);
    store.append({ at: clock.now().toISOString(), by: 'job', ...heads, accessLog: { ...heads.accessLog, seq: heads.accessLog.seq + 10 } });
    assert.match((await problems(store))[0] as string, /access log: 10 rows missing/);
    store.append({ at: clock.now().toISOString(), by: 'restore', ...heads });
    assert.deepEqual(await problems(store), []);
  });

  test('the checkpoint job writes to DATA_DIR and queues its next hour', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-checkpoints-'));
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = dir;
    try {
      await db().db.transaction((tx) => enqueue(tx, { kind: CHECKPOINT_JOB, runAt: clock.now(), dedupeKey: 'test-checkpoint' }));
      while (await runOneJob(db(), clock)) {
        // run what is due
      }
      const lines = readFileSync(join(dir, CHECKPOINT_FILE), 'utf8').trim().split('\n');
      assert.equal(lines.length, 1);
      assert.equal(JSON.parse(lines[0] as string).by, 'job');
      const next = await db().query<{ run_at: Date }>("SELECT run_at FROM jobs WHERE kind = $1 AND status = 'queued'", [CHECKPOINT_JOB]);
      assert.deepEqual(next.map((j) => new Date(j.run_at).toISOString()), ['2026-11-20T13:00:00.000Z']);
    } finally {
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
    }
  });
});
