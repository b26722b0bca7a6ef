// `carecircles verify-audit` as an operator runs it: a care log altered in SQL makes it fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { confirmCareLog } from '../src/modules/care/logs/commands.ts';
import { logTeam, volunteerLog } from '../src/modules/care/logs/test-support.ts';
import { FakeClock } from '../src/platform/clock.ts';
import { run } from '../src/platform/context.ts';
import { migrate, openDatabase } from '../src/platform/db.ts';
import { migratedDataDir } from './support/db.ts';
import { mainArgs, projectRoot } from './support/main-process.ts';

// PGlite, the database these tests also open in-process to damage what the command then checks
// (the default, the embedded PostgreSQL, has its own test: test/embedded-postgres.test.ts).
const cli = (dataDir: string, args: string[]) =>
  spawnSync(process.execPath, mainArgs(...args), {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DEMO: 'false', DATABASE_URL: '', DATABASE: 'pglite' },
    timeout: 120_000,
  });

describe('verify-audit and the care logs', () => {
  test('passes on untouched logs; exits non-zero naming the log when a confirmed log is altered', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'cc-care-cli-')), 'data');
    migratedDataDir(data);
    const database = await openDatabase({ dataDir: data });
    await migrate(database);
    const deps = { database, clock: new FakeClock(new Date('2026-11-20T12:00:00Z')) };
    const team = await logTeam(deps);
    const logId = await volunteerLog(deps, team, 0);
    await run(deps, team.actors.owner, confirmCareLog, { logId });
    await database.close();
    const clean = cli(data, ['verify-audit']);
    assert.equal(clean.status, 0, clean.stderr);

    const again = await openDatabase({ dataDir: data });
    await again.query('ALTER TABLE care_logs DISABLE TRIGGER care_logs_final');
    await again.query('UPDATE care_logs SET minutes = 600 WHERE id = $1', [logId]);
    await again.query('ALTER TABLE care_logs ENABLE TRIGGER care_logs_final');
    await again.close();
    const audit = cli(data, ['verify-audit']);
    assert.notEqual(audit.status, 0);
    assert.match(audit.stderr, new RegExp(`Audit FAILED: care_logs care log ${logId} was altered`));
  });

  test('the newest 1, then 3 care logs deleted with their versions: verify-audit names them missing after its checkpoint', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'cc-care-cli-')), 'data');
    migratedDataDir(data);
    const database = await openDatabase({ dataDir: data });
    await migrate(database);
    const deps = { database, clock: new FakeClock(new Date('2026-11-20T12:00:00Z')) };
    const team = await logTeam(deps);
    for (let i = 0; i < 5; i++) await volunteerLog(deps, team, i);
    await database.close();
    assert.equal(cli(data, ['verify-audit']).status, 0);
    const remove = async (n: number) => {
      const again = await openDatabase({ dataDir: data });
      const logs = await again.query<{ log_id: string }>('SELECT log_id FROM care_log_versions WHERE seq > $1', [5 - n]);
      await again.query('ALTER TABLE care_log_versions DISABLE TRIGGER care_log_versions_append_only');
      await again.query('ALTER TABLE care_logs DISABLE TRIGGER care_logs_kept');
      await again.query('DELETE FROM care_log_versions WHERE seq > $1', [5 - n]);
      await again.query('DELETE FROM care_logs WHERE id = ANY($1::uuid[])', [logs.map((l) => l.log_id)]);
      await again.close();
    };
    await remove(1);
    const one = cli(data, ['verify-audit']);
    assert.equal(one.status, 1);
    assert.match(one.stderr, new RegExp(`^Audit FAILED: care logs of team ${team.teamId}: 1 version missing after the checkpoint of .* UTC \\(head [0-9a-f]{12}…, version 5\\)\\.$`, 'm'));
    await remove(3);
    assert.match(cli(data, ['verify-audit']).stderr, new RegExp(`^Audit FAILED: care logs of team ${team.teamId}: 3 versions missing after the checkpoint`, 'm'));
  });
});
