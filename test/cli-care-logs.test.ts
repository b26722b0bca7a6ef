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

const root = join(import.meta.dirname, '..');
const cli = (dataDir: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DEMO: 'false', DATABASE_URL: '' },
    timeout: 120_000,
  });

describe('verify-audit and the care logs', () => {
  test('passes on untouched logs; exits non-zero naming the log when a confirmed log is altered', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'cc-care-cli-')), 'data');
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
});
