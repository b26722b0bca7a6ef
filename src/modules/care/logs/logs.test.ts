import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { DAY, FakeClock } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { Conflict, Invalid } from '../../../platform/errors.ts';
import { runOneJob } from '../../../platform/jobs.ts';
import { creditAccounts, creditTransfers } from '../../credits/schema.ts';
import { careLogVersions, careLogs } from '../schema.ts';
import { correctCareLog } from './add-log.ts';
import { verifyCareLogs } from './chain.ts';
import { adjustCareLog, confirmCareLog, disputeCareLog, resolveCareLog } from './commands.ts';
import { setAutoConfirm } from './settings.ts';
import { type Deps, logTeam, slot, visitLog, volunteerLog } from './test-support.ts';

const at = () => new FakeClock(new Date('2026-11-20T12:00:00Z'));

async function balance(deps: Deps, personId: string): Promise<number> {
  const [row] = await deps.database.db.select({ balance: creditAccounts.balance }).from(creditAccounts).where(eq(creditAccounts.personId, personId));
  return row?.balance ?? 0;
}
const earnings = (deps: Deps, logId: string) =>
  deps.database.db.select().from(creditTransfers).where(and(eq(creditTransfers.kind, 'earn'), eq(creditTransfers.referenceType, 'care_log'), eq(creditTransfers.referenceId, logId)));
const logRow = async (deps: Deps, logId: string) => (await deps.database.db.select().from(careLogs).where(eq(careLogs.id, logId)))[0];

describeEachDatabase('care logs: credits, auto-confirm, tampering', (db, kind) => {
  test(`both sides confirm at the same moment: confirmed once, earned once [${kind}]`, async () => {
    const deps: Deps = { database: db(), clock: at() };
    const t = await logTeam(deps);
    for (let i = 0; i < 3; i += 1) {
      const logId = await visitLog(deps, t, i);
      // Both succeed: the second, queued behind the first on the log's lock, sees the other side's confirmation and confirms.
      const results = await Promise.all([run(deps, t.actors.owner, confirmCareLog, { logId }), run(deps, t.actors.volunteer, confirmCareLog, { logId })]);
      assert.deepEqual(results.map((r) => r.state).sort(), ['confirmed', 'pending']);
      const versions = await deps.database.db.select().from(careLogVersions).where(eq(careLogVersions.logId, logId)).orderBy(asc(careLogVersions.seq));
      assert.equal(versions.filter((v) => v.content.state === 'confirmed').length, 1, 'confirmed once');
      assert.equal((await earnings(deps, logId)).length, 1, 'earned once');
    }
    assert.equal(await balance(deps, t.cast.volunteer.personId), 180);

    // The owner's side twice at once (owner and advocate) after the supporter: one confirms, the loser gets a 409.
    const logId = await volunteerLog(deps, t, 10);
    const settled = await Promise.allSettled([run(deps, t.actors.owner, confirmCareLog, { logId }), run(deps, t.actors.advocate, confirmCareLog, { logId })]);
    assert.equal(settled.filter((s) => s.status === 'fulfilled').length, 1);
    const lost = settled.find((s) => s.status === 'rejected');
    assert.ok(lost && lost.reason instanceof Conflict && lost.reason.status === 409);
    assert.equal((await earnings(deps, logId)).length, 1);
    assert.equal(await balance(deps, t.cast.volunteer.personId), 240);
    assert.equal(await verifyCareLogs(deps.database), null);
  });

  test('a volunteer log earns its minutes when resolved as confirmed; a paid log earns nothing; void earns nothing', async () => {
    const deps: Deps = { database: db(), clock: at() };
    const t = await logTeam(deps);
    const paid = await volunteerLog(deps, t, 0, 'paid');
    await run(deps, t.actors.owner, confirmCareLog, { logId: paid });
    assert.equal((await logRow(deps, paid))?.state, 'confirmed');
    assert.equal((await earnings(deps, paid)).length, 0);
    assert.equal(await balance(deps, t.cast.paid.personId), 0);

    const disputed = await volunteerLog(deps, t, 2);
    await run(deps, t.actors.owner, disputeCareLog, { logId: disputed, reason: 'It was shorter' });
    await assert.rejects(run(deps, t.actors.owner, resolveCareLog, { logId: disputed, outcome: 'confirmed', note: 'x' }), /party to this care log/, 'the owner disputed it: a party does not resolve it');
    await run(deps, t.actors.leader, resolveCareLog, { logId: disputed, outcome: 'confirmed', startsAt: slot(deps.clock, 2).startsAt, endsAt: slot(deps.clock, 2, 0.75).endsAt, note: 'Agreed 45 minutes' });
    assert.equal((await logRow(deps, disputed))?.minutes, 45);
    assert.equal(await balance(deps, t.cast.volunteer.personId), 45, 'the agreed minutes are earned');

    const voided = await volunteerLog(deps, t, 4);
    await run(deps, t.actors.volunteer, disputeCareLog, { logId: voided, reason: 'I logged the wrong day' });
    await run(deps, t.actors.coach, resolveCareLog, { logId: voided, outcome: 'void', note: 'It did not happen' });
    assert.equal((await earnings(deps, voided)).length, 0);
  });

  test('corrections: more minutes earn the difference; fewer reverse the earlier earnings and earn the new minutes', async () => {
    const deps: Deps = { database: db(), clock: at() };
    const t = await logTeam(deps);
    const first = await volunteerLog(deps, t, 0);
    await run(deps, t.actors.owner, confirmCareLog, { logId: first });
    assert.equal(await balance(deps, t.cast.volunteer.personId), 60);
    const { logId: second } = await run(deps, t.actors.volunteer, correctCareLog, { logId: first, ...slot(deps.clock, 0, 1.5), reason: 'I stayed for 90 minutes' });
    await assert.rejects(run(deps, t.actors.owner, correctCareLog, { logId: first, ...slot(deps.clock, 0, 2), reason: 'Again' }), Conflict, 'one live correction at a time');
    assert.equal(await balance(deps, t.cast.volunteer.personId), 60, 'nothing earned until the correction is confirmed');
    await run(deps, t.actors.owner, confirmCareLog, { logId: second });
    assert.equal(await balance(deps, t.cast.volunteer.personId), 90);
    assert.equal((await earnings(deps, second))[0]?.amount, 30);
    assert.equal((await logRow(deps, first))?.state, 'confirmed', 'the original is untouched');

    const { logId: third } = await run(deps, t.actors.owner, correctCareLog, { logId: second, ...slot(deps.clock, 0, 0.75), reason: 'Only 45 minutes after all' });
    await run(deps, t.actors.volunteer, confirmCareLog, { logId: third });
    assert.equal(await balance(deps, t.cast.volunteer.personId), 45);
    const reversals = await deps.database.db.select().from(creditTransfers).where(eq(creditTransfers.kind, 'reverse'));
    assert.equal(reversals.length, 2, 'both earlier earnings reversed');
    assert.equal(await verifyCareLogs(deps.database), null);
  });

  test('auto-confirm: the job confirms old pending logs once, never adjusted or disputed ones', async () => {
    const deps: Deps = { database: db(), clock: at() };
    const t = await logTeam(deps);
    const pending = await volunteerLog(deps, t, 0);
    const adjusted = await volunteerLog(deps, t, 2);
    const disputed = await volunteerLog(deps, t, 4);
    await run(deps, t.actors.owner, adjustCareLog, { logId: adjusted, ...slot(deps.clock, 2, 0.5), reason: 'Half an hour' });
    await run(deps, t.actors.owner, disputeCareLog, { logId: disputed, reason: 'Not that day' });
    await assert.rejects(run(deps, t.actors.volunteer, setAutoConfirm, { teamId: t.teamId, autoConfirmDays: 3 }), /owner or their advocate/);
    await assert.rejects(run(deps, t.actors.owner, setAutoConfirm, { teamId: t.teamId, autoConfirmDays: '31' }), (e) => e instanceof Invalid && /from 0 to 30/.test(e.fields.autoConfirmDays ?? ''));
    await run(deps, t.actors.owner, setAutoConfirm, { teamId: t.teamId, autoConfirmDays: '3' });
    while (await runOneJob(deps.database, deps.clock));
    assert.equal((await logRow(deps, pending))?.state, 'pending', 'not yet three days old');

    deps.clock.advance(4 * DAY);
    const recent = await volunteerLog(deps, t, 6);
    while (await runOneJob(deps.database, deps.clock));
    const row = await logRow(deps, pending);
    assert.equal(row?.state, 'confirmed');
    assert.match(row?.resolution ?? '', /automatically/);
    const [version] = await deps.database.db.select().from(careLogVersions).where(and(eq(careLogVersions.logId, pending), eq(careLogVersions.seq, (await deps.database.db.select().from(careLogVersions).where(eq(careLogVersions.logId, pending))).reduce((m, v) => Math.max(m, v.seq), 0))));
    assert.equal(version?.actorId, null, 'the system confirmed it');
    assert.equal((await logRow(deps, adjusted))?.state, 'adjusted');
    assert.equal((await logRow(deps, disputed))?.state, 'disputed');
    assert.equal((await logRow(deps, recent))?.state, 'pending');
    assert.equal(await balance(deps, t.cast.volunteer.personId), 60);

    deps.clock.advance(DAY);
    while (await runOneJob(deps.database, deps.clock));
    assert.equal((await earnings(deps, pending)).length, 1, 'a later run changes nothing already confirmed');
    assert.equal(await verifyCareLogs(deps.database), null);
  });

  test('tampering: a confirmed log row or a version altered in SQL is reported by verifyCareLogs', async () => {
    const deps: Deps = { database: db(), clock: at() };
    const t = await logTeam(deps);
    const logId = await volunteerLog(deps, t, 0);
    await run(deps, t.actors.owner, confirmCareLog, { logId });
    assert.equal(await verifyCareLogs(deps.database), null);
    await assert.rejects(deps.database.query('UPDATE care_logs SET minutes = 600 WHERE id = $1', [logId]), 'the trigger refuses a change to a confirmed log');
    await deps.database.query('ALTER TABLE care_logs DISABLE TRIGGER care_logs_final');
    await deps.database.query('UPDATE care_logs SET minutes = 600 WHERE id = $1', [logId]);
    await deps.database.query('ALTER TABLE care_logs ENABLE TRIGGER care_logs_final');
    const problem = await verifyCareLogs(deps.database);
    assert.equal(problem?.table, 'care_logs');
    assert.match(problem?.problem ?? '', new RegExp(`care log ${logId} was altered`));
    await deps.database.query('ALTER TABLE care_logs DISABLE TRIGGER care_logs_final');
    await deps.database.query('UPDATE care_logs SET minutes = 60 WHERE id = $1', [logId]);
    await deps.database.query('ALTER TABLE care_logs ENABLE TRIGGER care_logs_final');
    assert.equal(await verifyCareLogs(deps.database), null, 'put back, it verifies again');

    await deps.database.query('ALTER TABLE care_log_versions DISABLE TRIGGER care_log_versions_append_only');
    await deps.database.query(`UPDATE care_log_versions SET content = jsonb_set(content, '{minutes}', '30') WHERE log_id = $1 AND seq = 1`, [logId]);
    await deps.database.query('ALTER TABLE care_log_versions ENABLE TRIGGER care_log_versions_append_only');
    const versionProblem = await verifyCareLogs(deps.database);
    assert.equal(versionProblem?.table, 'care_log_versions');
    assert.match(versionProblem?.problem ?? '', /version 1 .* was altered/);
  });
});
