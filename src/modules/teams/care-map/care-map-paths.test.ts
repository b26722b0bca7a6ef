// The behaviour table for the community care map, over every actor and every path (page GET,
// page POST, API, the command itself): the team reads it, the owner's side alone changes it,
// everyone else is refused as the team page refuses them, and a refusal changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { run } from '../../../platform/context.ts';
import { Conflict, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { type TableActor, inTeam, tableActors, teamCast } from '../test-support.ts';
import { addConnection, changeConnection, maxConnections, removeConnection } from './commands.ts';
import { teamConnections } from './schema.ts';

const ownerSide: readonly TableActor[] = ['owner', 'advocate'];
const fields = { name: 'Tuesday lunch club', kind: 'group', care: 'generative', note: 'Margaret drives' };

describeEachDatabase('the care map through every path', (db) => {
  test('the team reads the map on every path; others are refused as the team page refuses them, and told nothing', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    await run(c.deps, c.as.owner, addConnection, { teamId: c.teamId, ...fields });
    for (const who of tableActors) {
      const { page, api } = c.clients[who];
      const teamPage = await page.get(`/teams/${c.teamId}`);
      const mapPage = await page.get(`/teams/${c.teamId}/care-map`);
      const viaApi = await api('GET', `/api/v1/teams/${c.teamId}/connections`);
      const expected = inTeam.includes(who) ? 200 : 404;
      assert.equal(mapPage.statusCode, expected, `${who}: the page`);
      assert.equal(viaApi.statusCode, expected, `${who}: the API`);
      // Someone on trial sees the team page for their own join only, never who is around the owner.
      if (who !== 'trial') assert.equal(mapPage.statusCode, teamPage.statusCode, `${who}: refused exactly as the team page refuses`);
      for (const body of [mapPage.body, viaApi.body]) {
        if (expected === 200) assert.match(body, /Tuesday lunch club/, `${who}: sees the connection`);
        else assert.doesNotMatch(body, /Tuesday lunch club|Margaret drives|The owner/, `${who}: is told nothing`);
      }
      if (expected === 200) assert.equal(viaApi.json().mayChange, ownerSide.includes(who), `${who}: the API says whether they may change it`);
      await assert.rejects(run(c.deps, c.as[who], removeConnection, { teamId: c.teamId, connectionId: 'x' }), ownerSide.includes(who) ? NotFound : expected === 200 ? NotAllowed : NotFound);
    }
  });

  test('only the owner and their advocate add, change and remove connections; every refused path changes nothing', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const { connectionId } = await run(c.deps, c.as.owner, addConnection, { teamId: c.teamId, ...fields });
    const rows = () => t.database.db.select().from(teamConnections).where(eq(teamConnections.teamId, c.teamId)).orderBy(asc(teamConnections.name));
    const before = await rows();
    const refused = tableActors.filter((w) => !ownerSide.includes(w));
    for (const who of refused) {
      const { page, csrf, api } = c.clients[who];
      const expected = inTeam.includes(who) ? 403 : 404;
      const base = `/teams/${c.teamId}/care-map`;
      const tries = {
        'change form': await page.get(`${base}/connections/${connectionId}`),
        'page add': await page.post(base, { _csrf: csrf, ...fields, name: `Club of ${who}` }),
        'page change': await page.post(`${base}/connections/${connectionId}`, { _csrf: csrf, ...fields, care: 'inactive' }),
        'page remove': await page.post(`${base}/connections/${connectionId}/remove`, { _csrf: csrf }),
        'API add': await api('POST', `/api/v1/teams/${c.teamId}/connections`, { ...fields, name: `Club of ${who}` }),
        'API change': await api('POST', `/api/v1/teams/${c.teamId}/connections/${connectionId}`, { ...fields, care: 'inactive' }),
        'API remove': await api('POST', `/api/v1/teams/${c.teamId}/connections/${connectionId}/remove`, {}),
      };
      for (const [path, res] of Object.entries(tries)) {
        assert.equal(res.statusCode, expected, `${who}: ${path}`);
        assert.doesNotMatch(res.body, /Tuesday lunch club/, `${who}: ${path} names nothing`);
      }
      await assert.rejects(run(c.deps, c.as[who], addConnection, { teamId: c.teamId, ...fields, name: 'Direct' }), expected === 403 ? NotAllowed : NotFound, `${who}: the command`);
      await assert.rejects(run(c.deps, c.as[who], changeConnection, { teamId: c.teamId, connectionId, ...fields, care: 'inactive' }), expected === 403 ? NotAllowed : NotFound);
    }
    assert.deepEqual(await rows(), before, 'no refused path changed the map');

    // The owner through the pages, the advocate through the API.
    const owner = c.clients.owner;
    const base = `/teams/${c.teamId}/care-map`;
    assert.equal((await owner.page.post(base, { _csrf: owner.csrf, name: 'Church Lane surgery', kind: 'service', care: 'engaged', note: '' })).statusCode, 303);
    assert.match((await owner.page.get(`${base}/connections/${connectionId}`)).body, /value="Tuesday lunch club"/, 'the change form shows what is recorded');
    assert.equal((await owner.page.post(`${base}/connections/${connectionId}`, { _csrf: owner.csrf, ...fields, care: 'engaged' })).statusCode, 303);
    const advocate = c.clients.advocate;
    const added = await advocate.api('POST', `/api/v1/teams/${c.teamId}/connections`, { name: 'Margaret next door', kind: 'person', care: 'inactive' });
    assert.equal(added.statusCode, 201);
    const newId = (added.json() as { result: { connectionId: string } }).result.connectionId;
    assert.equal((await advocate.api('POST', `/api/v1/teams/${c.teamId}/connections/${newId}`, { name: 'Margaret next door', kind: 'person', care: 'generative', note: 'Pops in daily' })).statusCode, 200);
    assert.deepEqual((await rows()).map((r) => [r.name, r.kind, r.care, r.note]), [
      ['Church Lane surgery', 'service', 'engaged', null],
      ['Margaret next door', 'person', 'generative', 'Pops in daily'],
      ['Tuesday lunch club', 'group', 'engaged', 'Margaret drives'],
    ]);
    assert.equal((await owner.page.post(`${base}/connections/${newId}/remove`, { _csrf: owner.csrf })).statusCode, 303);
    assert.equal((await advocate.api('POST', `/api/v1/teams/${c.teamId}/connections/${connectionId}/remove`, {})).statusCode, 200);
    assert.deepEqual((await rows()).map((r) => r.name), ['Church Lane surgery']);
    assert.equal((await advocate.api('POST', `/api/v1/teams/${c.teamId}/connections/${connectionId}/remove`, {})).statusCode, 404, 'a connection removed is gone');
  });

  test('bad input is told beside each field and writes nothing; the same name twice and a full map are refused', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    const owner = c.clients.owner;
    const base = `/teams/${c.teamId}/care-map`;
    const bad = await owner.page.post(base, { _csrf: owner.csrf, name: '  ', kind: 'club', care: '', note: 'x'.repeat(201) });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="field-name-error"[^>]*>Error: Give the name/);
    assert.match(bad.body, /id="field-kind-error"[^>]*>Error: Choose what it is/);
    assert.match(bad.body, /id="field-care-error"[^>]*>Error: Choose the kind of care/);
    assert.match(bad.body, /id="field-note-error"[^>]*>Error: Keep the note to 200 characters/);
    assert.match(bad.body, /class="error-summary"/);
    assert.match(bad.body, /x{201}/, 'what was typed is kept');
    const viaApi = await c.clients.advocate.api('POST', `/api/v1/teams/${c.teamId}/connections`, { name: 'A'.repeat(61), kind: 'group', care: 'warm' });
    assert.equal(viaApi.statusCode, 422);
    assert.match(viaApi.body, /60 characters/);
    assert.match(viaApi.body, /generative, engaged or inactive/);
    const onMap = async () => (await t.database.db.select().from(teamConnections).where(eq(teamConnections.teamId, c.teamId))).length;
    assert.equal(await onMap(), 0, 'nothing was written');

    await run(c.deps, c.as.owner, addConnection, { teamId: c.teamId, ...fields });
    const twice = await owner.page.post(base, { _csrf: owner.csrf, ...fields, name: 'TUESDAY LUNCH CLUB' });
    assert.equal(twice.statusCode, 422);
    assert.match(twice.body, /id="field-name-error"[^>]*>Error: &quot;TUESDAY LUNCH CLUB&quot; is already on the map/);
    for (let i = 1; i < maxConnections; i++) await run(c.deps, c.as.owner, addConnection, { teamId: c.teamId, name: `Place ${i}`, kind: 'service', care: 'engaged' });
    await assert.rejects(run(c.deps, c.as.advocate, addConnection, { teamId: c.teamId, name: 'One more', kind: 'group', care: 'engaged' }), Conflict);
    assert.equal(await onMap(), maxConnections);
  });
});
