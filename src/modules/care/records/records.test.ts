import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Client, testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { Checkpoints, readHeads } from '../../../platform/checkpoints.ts';
import { HOUR, MINUTE } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { notifications } from '../../../platform/schema.ts';
import { readMar } from '../medication/chart.ts';
import { writeNote } from '../notes/commands.ts';
import { readNote } from '../notes/read.ts';
import { openRecords } from './commands.ts';
import { addCareLog } from '../logs/add-log.ts';
import { readCareLog } from '../logs/queries.ts';
import { whoHasSeen } from './queries.ts';
import { careTeam } from './test-support.ts';

const emailOf = async (t: Awaited<ReturnType<typeof testApp>>, personId: string) =>
  (await t.database.query<{ email: string }>('SELECT email FROM people WHERE id = $1', [personId]))[0]?.email as string;

describeEachDatabase('who has seen my records', (db) => {
  test('the owner sees every read with its reason, the advocate sees the owner\'s, nobody else does', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const { noteId } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: 'Slept well.' });
    await run(deps, c.volunteer, readNote, { noteId });
    t.clock.advance(MINUTE);
    await run(deps, c.paid, readMar, { teamId: c.teamId, date: '2026-01-05' });
    t.clock.advance(MINUTE);
    await run(deps, c.advocate, readNote, { noteId });

    const mine = await whoHasSeen(t.database.db, c.owner, {});
    assert.deepEqual(mine.entries.map((e) => [e.who, e.what, e.reason, e.special]), [
      ['Advocate', 'A care note', "team owner's advocate", false],
      ['Paid Worker', 'The medication record (MAR) for 2026-01-05', 'team member', false],
      ['Volunteer', 'A care note', 'team member', false],
    ]);
    assert.equal(mine.entries[0]?.href, `/notes/${noteId}`);
    assert.equal((await whoHasSeen(t.database.db, c.advocate, { ownerId: c.owner.personId })).entries.length, 3, 'the advocate sees the owner\'s list');
    for (const other of [c.paid, c.volunteer, c.admin]) {
      await assert.rejects(whoHasSeen(t.database.db, other, { ownerId: c.owner.personId }), NotFound);
      assert.equal((await whoHasSeen(t.database.db, other, {})).entries.length, 0, 'their own list is empty: nobody read records about them');
    }
    // Keyset pages: the next page starts below the last seq shown.
    const older = await whoHasSeen(t.database.db, c.owner, { before: mine.entries[1]?.seq });
    assert.deepEqual(older.entries.map((e) => e.who), ['Volunteer']);

    // The page and the API.
    const owner = new Client(t.app);
    await owner.signIn(await emailOf(t, c.owner.personId));
    const page = await owner.get('/records/access');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Who has seen your records/);
    assert.match(page.body, /Paid Worker/);
    assert.ok(!page.body.includes('Slept well'), 'never the content');
    const member = new Client(t.app);
    await member.signIn(await emailOf(t, c.paid.personId));
    assert.equal((await member.get(`/records/access?owner=${c.owner.personId}`)).statusCode, 404);
    assert.equal((await member.get(`/api/v1/records/access?owner=${c.owner.personId}`)).statusCode, 404);
    const api = await owner.get('/api/v1/records/access');
    assert.equal(api.json().entries.length, 3);
    await t.app.close();
  });

  test('special access needs a written reason, is logged and flagged to the owner, and ends after 24 hours', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const { noteId } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: 'Bruise on left arm.', readership: 'chosen', chosen: [] });
    t.clock.advance(2 * HOUR);
    const { logId } = await run(deps, c.paid, addCareLog, { teamId: c.teamId, startsAt: new Date(t.clock.now().getTime() - HOUR).toISOString(), endsAt: t.clock.now().toISOString(), activity: 'Morning support' });
    await assert.rejects(run(deps, c.coach, readNote, { noteId }), NotFound, 'the Coach is outside the team');
    await assert.rejects(run(deps, c.coach, readCareLog, { logId }), NotFound, 'and cannot read its care logs');
    await assert.rejects(run(deps, c.coach, openRecords, { teamId: c.teamId, purpose: 'safeguarding', reason: 'worried' }), (e: unknown) => e instanceof Invalid && 'reason' in e.fields);
    await assert.rejects(run(deps, c.coach, openRecords, { teamId: c.teamId, purpose: 'safeguarding' }), (e: unknown) => e instanceof Invalid && 'reason' in e.fields);
    await assert.rejects(run(deps, c.coach, openRecords, { teamId: c.teamId, purpose: 'regulator', reason: 'An inspection is due.' }), (e: unknown) => e instanceof Invalid && 'purpose' in e.fields);
    await assert.rejects(run(deps, c.stranger, openRecords, { teamId: c.teamId, purpose: 'safeguarding', reason: 'Just curious about her.' }), NotAllowed);
    assert.equal((await whoHasSeen(t.database.db, c.owner, {})).entries.length, 0, 'a refused opening writes nothing');

    const client = new Client(t.app);
    await client.signIn(await emailOf(t, c.coach.personId));
    const refused = await client.submit('/records/open', { teamId: c.teamId, purpose: 'safeguarding', reason: '' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Write why you need to read these records/);

    const reason = 'A concern was raised about a bruise seen on Tuesday.';
    const opened = await client.submit('/records/open', { teamId: c.teamId, purpose: 'safeguarding', reason });
    assert.equal(opened.statusCode, 303);
    assert.equal((await client.get(`/notes/${noteId}`)).statusCode, 200, 'the Coach reads even a chosen-readership note while the grant lasts');
    assert.equal((await client.get(`/teams/${c.teamId}/mar`)).statusCode, 200);
    const view = await run(deps, c.coach, readNote, { noteId });
    assert.equal(view.readReason, `safeguarding: ${reason}`);
    assert.equal((await run(deps, c.coach, readCareLog, { logId })).log.id, logId, 'the grant opens care logs too');
    assert.equal((await client.get(`/teams/${c.teamId}/care-logs`)).statusCode, 200);
    assert.equal((await client.submit(`/care-logs/${logId}/confirm`, {})).statusCode, 403, 'reading is all a grant allows');

    const told = await t.database.db.select().from(notifications).where(eq(notifications.personId, c.owner.personId));
    assert.ok(told.some((n) => n.text === `Coach opened your records for safeguarding: ${reason}`), 'the owner is told at once, with the reason');
    assert.ok((await t.database.db.select().from(notifications).where(eq(notifications.personId, c.advocate.personId))).some((n) => n.text.includes(reason)), 'and the advocate');

    const list = await whoHasSeen(t.database.db, c.owner, {});
    assert.ok(list.entries.length >= 4);
    assert.ok(list.entries.every((e) => e.special && e.who === 'Coach' && e.reason === `safeguarding: ${reason}`), 'every entry of the grant is flagged with its purpose and reason');
    assert.equal(list.entries.at(-1)?.recordType, 'records_opened');
    const page = new Client(t.app);
    await page.signIn(await emailOf(t, c.owner.personId));
    const html = (await page.get('/records/access')).body;
    assert.match(html, /<strong>Special access<\/strong>/, 'flagged in words, not colour');

    t.clock.advance(24 * HOUR + MINUTE);
    await assert.rejects(run(deps, c.coach, readNote, { noteId }), NotFound, 'the grant has ended');
    await assert.rejects(run(deps, c.coach, readCareLog, { logId }), NotFound);
    assert.equal((await client.get(`/teams/${c.teamId}/mar`)).statusCode, 404);

    // A co-op admin opens for a quality audit; the purpose is theirs alone.
    await run(deps, c.admin, openRecords, { teamId: c.teamId, purpose: 'quality audit', reason: 'Annual audit of medication records.' });
    assert.equal((await run(deps, c.admin, readMar, { teamId: c.teamId })).readReason, 'quality audit: Annual audit of medication records.');
    await t.app.close();
  });

  test('the owner sees the seal of the record: the latest signed checkpoint of the access log and of their team\'s care logs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cc-records-seal-'));
    const t = await testApp(db(), { DATA_DIR: dataDir });
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const owner = new Client(t.app);
    await owner.signIn(await emailOf(t, c.owner.personId));
    assert.doesNotMatch((await owner.get('/records/access')).body, /Seal of the record/, 'no checkpoint yet: no seal');

    const { logId } = await run(deps, c.volunteer, addCareLog, { teamId: c.teamId, startsAt: '2026-01-04T10:00:00Z', endsAt: '2026-01-04T11:00:00Z', activity: 'Shopping' });
    await run(deps, c.advocate, readCareLog, { logId });
    const signed = new Checkpoints(dataDir).append({ at: '2026-01-05T17:00:00.000Z', by: 'job', ...(await readHeads(t.database.db)) });
    const team = signed.careLogs[c.teamId];
    assert.ok(team);
    const html = (await owner.get('/records/access')).body;
    assert.match(html, /Seal of the record/);
    assert.ok(html.includes(`Access log: seal ${signed.accessLog.hash.slice(0, 12)}, entry ${signed.accessLog.seq}`));
    assert.match(html, new RegExp(`Care logs of [^:]+: seal ${team.hash.slice(0, 12)}, version ${team.seq}`));
    const api = (await owner.get('/api/v1/records/access')).json();
    assert.equal(api.seal.accessLog.hash, signed.accessLog.hash);
    assert.equal(api.seal.teams[0].head.hash, team.hash);
    // Someone else's seal is not theirs to see: their own page shows no team of the owner's.
    const member = new Client(t.app);
    await member.signIn(await emailOf(t, c.paid.personId));
    const theirs = (await member.get('/api/v1/records/access')).json();
    assert.deepEqual(theirs.seal.teams, []);
    await t.app.close();
  });
});
