import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { Client, testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { run } from '../../../platform/context.ts';
import { accessLog } from '../../../platform/schema.ts';
import { createApiToken } from '../../people/commands/api-tokens.ts';
import { careLogs } from '../schema.ts';
import { disputeCareLog } from './commands.ts';
import { logTeam, slot, volunteerLog } from './test-support.ts';

describeEachDatabase('care log pages and API', (db) => {
  test('who may read: the team, and the resolvers for disputed logs only; outsiders and admins get 404; every read is logged', async () => {
    const app = await testApp(db());
    const deps = { database: app.database, clock: app.clock };
    const t = await logTeam(deps);
    const logId = await volunteerLog(deps, t, 0);
    const api = async (who: keyof typeof t.actors) => {
      const { token } = await run(deps, t.actors[who], createApiToken, { label: 'test' });
      return (url: string, payload?: object) => app.app.inject({ method: payload ? 'POST' : 'GET', url, headers: { authorization: `Bearer ${token}` }, payload });
    };
    const [owner, outsider, admin, leader, volunteer] = [await api('owner'), await api('outsider'), await api('admin'), await api('leader'), await api('volunteer')];
    for (const [name, client] of [['outsider', outsider], ['admin', admin], ['leader', leader]] as const) {
      assert.equal((await client(`/api/v1/care-logs/${logId}`)).statusCode, 404, `${name}: the log`);
      assert.equal((await client(`/api/v1/teams/${t.teamId}/care-logs`)).statusCode, 404, `${name}: the list`);
      assert.equal((await client(`/api/v1/care-logs/${logId}/confirm`, {})).statusCode, 404, `${name}: confirming`);
    }
    const read = await owner(`/api/v1/care-logs/${logId}`);
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json().actions, ['confirm', 'adjust', 'dispute']);
    assert.equal((await owner(`/api/v1/teams/${t.teamId}/care-logs?month=2026-13`)).statusCode, 422);
    const list = await volunteer(`/api/v1/teams/${t.teamId}/care-logs?state=pending`);
    assert.equal(list.json().logs.length, 1);
    const logged = await app.database.db.select().from(accessLog).where(eq(accessLog.ownerId, t.cast.owner.personId));
    assert.ok(logged.some((r) => r.recordType === 'care_log' && r.recordId === logId && r.actorId === t.cast.owner.personId && r.reason === 'owner'));
    assert.ok(logged.some((r) => r.recordType === 'care_log_list' && r.recordId === t.teamId && r.actorId === t.cast.volunteer.personId && r.reason === 'team member'));
    assert.ok(!logged.some((r) => [t.cast.outsider.personId, t.cast.admin.personId].includes(r.actorId ?? '')), 'a refused read writes nothing');

    await run(deps, t.actors.volunteer, disputeCareLog, { logId, reason: 'Wrong day' });
    const asLeader = await leader(`/api/v1/care-logs/${logId}`);
    assert.equal(asLeader.statusCode, 200);
    assert.deepEqual(asLeader.json().actions, ['resolve']);
    assert.equal((await leader('/api/v1/care-logs')).json().logs.length, 1, 'the dispute waits for the leader');
    const [row] = await app.database.db.select().from(accessLog).where(and(eq(accessLog.actorId, t.cast.leader.personId), eq(accessLog.recordId, logId)));
    assert.equal(row?.reason, 'coach: dispute');
    const resolved = await leader(`/api/v1/care-logs/${logId}/resolve`, { outcome: 'confirmed', note: 'Agreed' });
    assert.equal(resolved.statusCode, 200);
    assert.equal((await owner(`/api/v1/care-logs/${logId}/adjust`, { ...slot(app.clock, 0, 2), reason: 'More' })).statusCode, 409, 'a confirmed log cannot change through the API');
    assert.equal((await owner(`/api/v1/care-logs/${logId}/dispute`, { reason: 'No' })).statusCode, 409);
  });

  test('add, adjust and confirm through the forms; errors beside the field; a confirmed log refuses change with 409', async () => {
    const app = await testApp(db());
    const deps = { database: app.database, clock: app.clock };
    const t = await logTeam(deps);
    const volunteer = new Client(app.app);
    await volunteer.signIn(t.cast.volunteer.email);
    const owner = new Client(app.app);
    await owner.signIn(t.cast.owner.email);
    const newUrl = `/teams/${t.teamId}/care-logs/new`;
    const bad = await volunteer.submit(newUrl, { startsAt: '2026-01-04T10:00', endsAt: '2026-01-04T09:00', activity: 'Shopping' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="field-endsAt-error"[^>]*>Error: The end must be after the start/);
    assert.equal(await app.database.db.$count(careLogs, eq(careLogs.teamId, t.teamId)), 0);
    const added = await volunteer.submit(newUrl, { startsAt: '2026-01-04T10:00', endsAt: '2026-01-04T11:00', activity: 'Shopping', kind: 'paid' });
    assert.equal(added.statusCode, 422, 'a volunteer cannot log paid support');
    const ok = await volunteer.submit(newUrl, { startsAt: '2026-01-04T10:00', endsAt: '2026-01-04T11:00', activity: 'Shopping' });
    assert.equal(ok.statusCode, 303);
    const logUrl = ok.headers.location as string;

    const noReason = await owner.submit(logUrl, { 'adjust-startsAt': '2026-01-04T10:00', 'adjust-endsAt': '2026-01-04T11:30' }, `${logUrl}/adjust`);
    assert.equal(noReason.statusCode, 422);
    assert.match(noReason.body, /id="field-adjust-reason-error"[^>]*>Error: Say why the times need changing/);
    assert.match(noReason.body, /value="2026-01-04T11:30"/, 'what was typed is kept');
    assert.equal((await owner.submit(logUrl, { 'adjust-startsAt': '2026-01-04T10:00', 'adjust-endsAt': '2026-01-04T11:30', 'adjust-reason': 'Stayed for tea' }, `${logUrl}/adjust`)).statusCode, 303);
    const ownPage = await owner.get(logUrl);
    assert.doesNotMatch(ownPage.body, /Confirm the new times/, 'the adjuster is not offered to confirm');
    assert.equal((await owner.submit(logUrl, {}, `${logUrl}/confirm`)).statusCode, 409);
    const page = await volunteer.get(logUrl);
    assert.match(page.body, /Confirm the new times/);
    assert.match(page.body, /Times: 4 Jan 2026, 10:00 – 4 Jan 2026, 11:00 \(60 min\) → 4 Jan 2026, 10:00 – 4 Jan 2026, 11:30 \(90 min\)/, 'the earlier times stay visible');
    assert.equal((await volunteer.submit(logUrl, {}, `${logUrl}/confirm`)).statusCode, 303);
    const confirmed = await owner.get(logUrl);
    assert.match(confirmed.body, /<strong>confirmed<\/strong>/);
    assert.match(confirmed.body, /Correct this log/);
    const again = await owner.submit(logUrl, { 'dispute-reason': 'Too late' }, `${logUrl}/dispute`);
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /confirmed and can no longer change/);

    const settings = `/teams/${t.teamId}/care-logs/settings`;
    const tooMany = await owner.submit(settings, { autoConfirmDays: '31' });
    assert.equal(tooMany.statusCode, 422);
    assert.match(tooMany.body, /id="field-autoConfirmDays-error"/);
    assert.equal((await owner.submit(settings, { autoConfirmDays: '7' })).statusCode, 303);
    assert.match((await owner.get(`/teams/${t.teamId}/care-logs`)).body, /Auto-confirm: after 7 days/);
    assert.equal((await volunteer.submit(settings, { autoConfirmDays: '1' })).statusCode, 403);
    const badMonth = await owner.get(`/teams/${t.teamId}/care-logs?month=soon`);
    assert.equal(badMonth.statusCode, 422);
    assert.match(badMonth.body, /Enter a month like 2026-11/);
  });
});
