// Nobody confirms, resolves or corrects a care log they are a party to (DOMAIN.md 5): the
// behaviour table over every actor and path (page POST, API, command, the auto-confirm job).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { testApp } from '../../../../test/support/app.ts';
import { system } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { DAY } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { runOneJob } from '../../../platform/jobs.ts';
import { addMember } from '../../circles/commands/add-member.ts';
import { creditTransfers } from '../../credits/schema.ts';
import { teamJoins } from '../../teams/schema.ts';
import { type TableActor, tableActors, teamCast } from '../../teams/test-support.ts';
import { careLogVersions, careLogs } from '../schema.ts';
import { correctCareLog } from './add-log.ts';
import { confirmCareLog, disputeCareLog, resolveCareLog } from './commands.ts';
import { setAutoConfirm } from './settings.ts';
import { slot, visitLog, volunteerLog } from './test-support.ts';

const logRow = async (t: { database: { db: import('../../../platform/db.ts').Db } }, logId: string) => (await t.database.db.select().from(careLogs).where(eq(careLogs.id, logId)))[0];
const versions = async (t: { database: { db: import('../../../platform/db.ts').Db } }, logId: string) => (await t.database.db.select().from(careLogVersions).where(eq(careLogVersions.logId, logId))).length;
/** Who can read the team's logs at all; everyone else is told the log does not exist. */
const readers: readonly TableActor[] = ['owner', 'advocate', 'member', 'volunteer'];

describeEachDatabase('care logs: nobody settles a log they are a party to', (db) => {
  test("a Local Circle Leader in the team cannot resolve his own disputed log; someone not in it can", async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    // The Leader joins the team as a volunteer, logs eight hours for himself and disputes it himself.
    await run(c.deps, system, addMember, { circleId: c.teamId, personId: c.people.leader.personId });
    await t.database.db.insert(teamJoins).values({ id: newId(), teamId: c.teamId, personId: c.people.leader.personId, route: 'request', state: 'joined', supporterKind: 'volunteer', startedBy: c.people.leader.personId, createdAt: t.clock.now(), updatedAt: t.clock.now() });
    const leader = c.clients.leader;
    const added = await leader.api('POST', `/api/v1/teams/${c.teamId}/care-logs`, { ...slot(t.clock, 0), activity: 'Gardening' });
    assert.equal(added.statusCode, 201);
    const { logId } = added.json() as { logId: string };
    assert.equal((await leader.api('POST', `/api/v1/care-logs/${logId}/dispute`, { reason: 'Longer than that' })).statusCode, 200);
    const before = await versions(t, logId);
    const eight = { outcome: 'confirmed', startsAt: slot(t.clock, 0).startsAt, endsAt: slot(t.clock, 0, 8).endsAt, note: 'Eight hours' };
    const viaApi = await leader.api('POST', `/api/v1/care-logs/${logId}/resolve`, eight);
    assert.equal(viaApi.statusCode, 403);
    assert.match(viaApi.body, /party to this care log/);
    assert.equal((await leader.page.post(`/care-logs/${logId}/resolve`, { _csrf: leader.csrf, 'resolve-outcome': 'confirmed', 'resolve-note': 'Mine' })).statusCode, 403);
    assert.doesNotMatch((await leader.page.get(`/care-logs/${logId}`)).body, /Resolve the dispute/, 'the form is not offered');
    assert.equal((await logRow(t, logId))?.state, 'disputed');
    assert.equal(await versions(t, logId), before, 'nothing changed');
    assert.equal((await t.database.db.select().from(creditTransfers).where(and(eq(creditTransfers.referenceType, 'care_log'), eq(creditTransfers.referenceId, logId)))).length, 0, 'no credits');
    // Only he stood behind it: a supporter's log, so the owner's side (not a party) may settle it, as may the coach.
    assert.equal((await c.clients.owner.api('POST', `/api/v1/care-logs/${logId}/resolve`, { outcome: 'confirmed', note: 'One hour, as logged' })).statusCode, 200);
    assert.equal((await logRow(t, logId))?.minutes, 60);
  });

  test('a log the owner\'s side disputed: only a Local Circle Coach or Leader not in it resolves, by every path', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const logId = await volunteerLog(c.deps, c, 0);
    await run(c.deps, c.as.owner, disputeCareLog, { logId, reason: 'It was shorter' });
    const before = await versions(t, logId);
    for (const who of tableActors.filter((w) => w !== 'leader')) {
      const expected = readers.includes(who) ? 403 : 404;
      const { page, csrf, api } = c.clients[who];
      assert.equal((await api('POST', `/api/v1/care-logs/${logId}/resolve`, { outcome: 'confirmed', note: 'Fine' })).statusCode, expected, `${who}: the API`);
      const posted = await page.post(`/care-logs/${logId}/resolve`, { _csrf: csrf, 'resolve-outcome': 'confirmed', 'resolve-note': 'Fine' });
      assert.equal(posted.statusCode, expected, `${who}: the page`);
      if (expected === 404) assert.doesNotMatch(posted.body, /Gardening|A walk to the park|\bOlu\b/, `${who}: nothing shown`);
      await assert.rejects(run(c.deps, c.as[who], resolveCareLog, { logId, outcome: 'confirmed', note: 'Fine' }), `${who}: the command`);
    }
    assert.equal((await logRow(t, logId))?.state, 'disputed');
    assert.equal(await versions(t, logId), before, 'nothing changed');
    const read = await c.clients.leader.api('GET', `/api/v1/care-logs/${logId}`);
    assert.deepEqual((read.json() as { actions: string[] }).actions, ['resolve']);
    assert.equal((await c.clients.leader.api('POST', `/api/v1/care-logs/${logId}/resolve`, { outcome: 'void', note: 'It did not happen' })).statusCode, 200);
    assert.equal((await logRow(t, logId))?.state, 'void');
  });

  test('confirming and correcting: only the other side, by every path; a correction waits for the other party', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const logId = await volunteerLog(c.deps, c, 0);
    const expect: Record<TableActor, number> = { owner: 200, advocate: 200, member: 403, volunteer: 409, trial: 404, removed: 404, admin: 404, leader: 404, outsider: 404 };
    for (const who of tableActors.filter((w) => expect[w] !== 200)) {
      assert.equal((await c.clients[who].api('POST', `/api/v1/care-logs/${logId}/confirm`, {})).statusCode, expect[who], `${who}: the API`);
      assert.equal((await c.clients[who].page.post(`/care-logs/${logId}/confirm`, { _csrf: c.clients[who].csrf })).statusCode, expect[who], `${who}: the page`);
    }
    assert.equal((await logRow(t, logId))?.state, 'pending');
    assert.equal((await c.clients.advocate.api('POST', `/api/v1/care-logs/${logId}/confirm`, {})).statusCode, 200);
    assert.equal((await logRow(t, logId))?.state, 'confirmed');
    for (const who of ['member', 'trial', 'removed', 'admin', 'leader', 'outsider'] as const) {
      const res = await c.clients[who].api('POST', `/api/v1/care-logs/${logId}/correct`, { ...slot(t.clock, 0, 8), reason: 'More' });
      assert.equal(res.statusCode, who === 'member' ? 403 : 404, `${who}: correcting`);
    }
    const { logId: correction } = await run(c.deps, c.as.volunteer, correctCareLog, { logId, ...slot(t.clock, 0, 2), reason: 'It was two hours' });
    await assert.rejects(run(c.deps, c.as.volunteer, confirmCareLog, { logId: correction }), /already confirmed/, 'the author does not confirm their own correction');
    assert.equal((await logRow(t, correction))?.state, 'pending');
    await run(c.deps, c.as.owner, confirmCareLog, { logId: correction });
    assert.equal((await logRow(t, correction))?.state, 'confirmed');
  });

  test('auto-confirm stands in for one silent side, never for both', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const nobody = await visitLog(c.deps, c, 0);
    const oneSide = await volunteerLog(c.deps, c, 2);
    await run(c.deps, c.as.owner, setAutoConfirm, { teamId: c.teamId, autoConfirmDays: '3' });
    t.clock.advance(4 * DAY);
    while (await runOneJob(t.database, t.clock));
    assert.equal((await logRow(t, nobody))?.state, 'pending', 'nobody confirmed it: it waits for people');
    assert.equal((await logRow(t, oneSide))?.state, 'confirmed');
  });
});
