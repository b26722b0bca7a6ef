// Opening a team's records: the team is found by a search (issue 20), not chosen from a select of
// every team in the co-op; an admin may still open any team, however far down the alphabet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../../platform/context.ts';
import { Client, makePerson, testApp } from '../../../../test/support/app.ts';
import { system } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { createCircle } from '../../circles/commands/create-circle.ts';

describeEachDatabase('opening records: the team chooser', (db) => {
  test('an admin sees at most 25 teams, finds the 40th by name and opens it; the JSON answers the same search', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const admin = await makePerson(deps, { admin: true });
    const owner = await makePerson(deps, { name: 'Owner' });
    const { circleId: localId } = await run(deps, system, createCircle, { name: 'Local', aim: 'Support.', domain: 'Teams.' });
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push((await run(deps, system, createCircle, { name: `Team ${String(i).padStart(2, '0')}`, kind: 'team', ownerId: owner.personId, aim: 'Live well.', domain: 'Support.', parentId: localId })).circleId);
    }
    const client = new Client(t.app);
    await client.signIn(admin.email);
    const options = (html: string) => [...(/<select id="field-teamId"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '').matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]).filter(Boolean);
    const first = await client.get('/records/open');
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /<form method="get" action="\/records\/open" role="search"/);
    assert.equal(options(first.body).length, 25);
    assert.match(first.body, /The first 25 teams found|Type part of a name/);
    const found = await client.get('/records/open?who=Team%2039');
    assert.deepEqual(options(found.body), [ids[39]]);
    assert.match(found.body, /1 team found/);
    const json = await client.get('/api/v1/records/choices/teams?who=Team%2039');
    assert.deepEqual(json.json().choices, [{ value: ids[39], label: 'Team 39' }]);
    const opened = await client.submit('/records/open?who=Team%2039', { teamId: ids[39] as string, purpose: 'quality audit', reason: 'The yearly quality audit of care records.' }, '/records/open');
    assert.equal(opened.statusCode, 303, 'a team far down the list is opened');
    await t.app.close();
  });
});
