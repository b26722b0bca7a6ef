// Rose downloads her export from her account page and through the API; June, her advocate,
// makes one for her; nobody else can follow or download someone's export.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Client, testApp } from '../../../test/support/app.ts';
import { describeEachDemoDatabase } from '../../../test/support/db.ts';
import { DEMO_PASSWORD as PASSWORD } from '../../../test/support/demo-db.ts';
import { run } from '../../platform/context.ts';
import { accessLog } from '../../platform/schema.ts';
import { createApiToken } from '../people/commands/api-tokens.ts';
import { people } from '../people/schema.ts';
import { actorOf, buildExport } from './test-support.ts';
import { EXPORT_RECORD } from './build.ts';
import { DAY } from '../../platform/clock.ts';
import { runRetention } from './retention.ts';
import { exportScope } from './sealed.ts';
import { unzip } from './zip.ts';


describeEachDemoDatabase('subject-access export pages and API', (db) => {
  test('Rose exports her data from her account page and through the API; June for her; others are refused', async () => {
    const t = await testApp(db());
    const byEmail = async (email: string) => (await t.database.db.select().from(people).where(eq(people.email, email)))[0] as { id: string; name: string };
    const rose = await byEmail('rose@demo.carecircles.org');
    const june = await byEmail('june@demo.carecircles.org');
    const irene = await byEmail('irene@demo.carecircles.org');

    const browser = new Client(t.app);
    await browser.signIn('rose@demo.carecircles.org', PASSWORD);
    const page = await browser.get('/me/export');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Make an export of my data/);
    const asked = await browser.post('/me/export', { _csrf: await browser.csrf('/me/export') });
    assert.equal(asked.statusCode, 303);
    const waiting = await browser.get('/me/export');
    assert.match(waiting.body, /0 of 8 parts built/);
    const [mine] = await t.database.query<{ id: string }>('SELECT id FROM data_exports WHERE requested_by = $1', [rose.id]);
    assert.ok(mine);
    await buildExport(t, mine.id);
    const ready = await browser.get('/me/export');
    assert.match(ready.body, new RegExp(`/me/export/${mine.id}/archive`));
    const download = await browser.get(`/me/export/${mine.id}/archive`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/zip');
    const files = unzip(download.rawPayload);
    const html = String(files.get('report.html'));
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /Rose&#39;s Team|Rose's Team/);
    assert.match(html, /feeding the ducks/, 'a note she may read, in its words');
    assert.match(html, /feeling low since her friend Margaret died/, 'the note shared only with chosen people: the owner always reads it');
    // Kept in the database (and so in backups) sealed under a key of its own, never in the clear.
    const [stored] = await t.database.query<{ archive: Uint8Array }>('SELECT archive FROM data_exports WHERE id = $1', [mine.id]);
    assert.ok(stored && !Buffer.from(stored.archive).includes('feeding the ducks'), 'the stored archive holds no care text in the clear');
    assert.ok(Buffer.from(stored.archive).toString('utf8').startsWith('v1:'), 'the stored archive is sealed');
    const doc = JSON.parse(String(files.get('data.json')));
    assert.ok(doc.teams[0].visits.length > 0, 'her visits');
    const readers = doc.tables.find((x: { table: string }) => x.table === 'access_log').rows.filter((r: { owner_id: string }) => r.owner_id === rose.id);
    assert.ok(readers.some((r: { actor_id: string }) => doc.people[r.actor_id] === 'Sam Hughes'), 'who read her records, by name');
    // The export is itself in the access log she sees.
    const logged = await t.database.db.select().from(accessLog).where(eq(accessLog.recordId, mine.id));
    assert.equal(logged[0]?.recordType, EXPORT_RECORD);
    assert.equal(logged[0]?.ownerId, rose.id);

    // Through the API, with a token.
    const { token } = await run(t, await actorOf(t.database, rose.id), createApiToken, { label: 'export' });
    const api = (method: 'GET' | 'POST', url: string, who = token, payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${who}` }, ...(method === 'POST' ? { payload: payload ?? {} } : {}) });
    const created = await api('POST', '/api/v1/me/exports');
    assert.equal(created.statusCode, 202);
    const id = created.json().export.id as string;
    assert.equal((await api('POST', '/api/v1/me/exports')).json().export.id, id, 'asking again while it is built returns the same export');
    await buildExport(t, id);
    const status = await api('GET', `/api/v1/me/exports/${id}`);
    assert.equal(status.json().export.state, 'ready');
    assert.equal(status.json().export.done, status.json().export.total);
    const archive = await api('GET', `/api/v1/me/exports/${id}/archive`);
    assert.equal(archive.headers['content-type'], 'application/zip');
    assert.ok(unzip(archive.rawPayload).has('data.json'));

    // June, Rose's advocate, for Rose; Irene may not ask for Rose's, nor see or download Rose's.
    const juneToken = (await run(t, await actorOf(t.database, june.id), createApiToken, { label: 'export' })).token;
    const forRose = await api('POST', '/api/v1/me/exports', juneToken, { subjectId: rose.id });
    assert.equal(forRose.statusCode, 202);
    assert.equal(forRose.json().export.subjectName, rose.name);
    const ireneToken = (await run(t, await actorOf(t.database, irene.id), createApiToken, { label: 'export' })).token;
    assert.equal((await api('POST', '/api/v1/me/exports', ireneToken, { subjectId: rose.id })).statusCode, 422);
    assert.equal((await api('GET', `/api/v1/me/exports/${id}`, ireneToken)).statusCode, 404);
    assert.equal((await api('GET', `/api/v1/me/exports/${id}/archive`, ireneToken)).statusCode, 404);
    assert.equal((await api('GET', `/api/v1/me/exports/not-an-id`)).statusCode, 404);

    // Two days on, the daily retention run erases the archives and forgets their keys.
    t.clock.advance(2 * DAY);
    await t.database.db.transaction((tx) => runRetention({ tx, now: t.clock.now() }));
    assert.equal((await api('GET', `/api/v1/me/exports/${id}/archive`)).statusCode, 404);
    const keys = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM data_keys WHERE scope = ANY($1::text[])", [[exportScope(id), exportScope(mine.id)]]);
    assert.equal(keys[0]?.n, 0, 'the keys of the expired exports are gone, so no copy of them opens');
  });
});
