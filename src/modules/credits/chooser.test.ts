// Choosing a person or a pool through a search (ADR 0022): without JavaScript the search is a
// GET form whose results become the select's options; never more than 25; only people the
// asker shares a circle with; the JSON the script asks gives the same; a chosen person stays
// chosen when the form comes back with an error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../platform/context.ts';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { addMember } from '../circles/commands/add-member.ts';
import { createCircle } from '../circles/commands/create-circle.ts';
import { fund } from './test-support.ts';

const options = (html: string, name: string) => {
  const select = new RegExp(`<select id="field-${name}" name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].filter((m) => m[1] !== '').map((m) => m[2] as string);
};

describeEachDatabase('choosing people and pools by a search', (db) => {
  test('the give form: a GET search, at most 25, only people sharing a circle, the same by JSON, the choice kept on an error', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId } = await run(deps, system, createCircle, { name: 'Local', aim: 'a', domain: 'd', parentId: null });
    const giver = await makePerson(t, { name: 'Giver' });
    await run(deps, system, addMember, { circleId, personId: giver.personId });
    for (let i = 0; i < 30; i++) await run(deps, system, addMember, { circleId, personId: (await makePerson(t, { name: `Pat ${String(i).padStart(2, '0')}` })).personId });
    const quinn = await makePerson(t, { name: 'Quinn' });
    await run(deps, system, addMember, { circleId, personId: quinn.personId });
    await makePerson(t, { name: 'Pat Outsider' });
    await fund(deps, giver.personId, 120);
    const client = new Client(t.app);
    await client.signIn(giver.email);

    const first = await client.get('/credits/give');
    assert.match(first.body, /<form method="get" action="\/credits\/give" role="search"/);
    assert.match(first.body, /<label for="toPersonId-search">Find a person by name<\/label>/);
    assert.ok(options(first.body, 'toPersonId').length <= 25, 'a choice, not a directory');

    const pats = await client.get('/credits/give?who=pat');
    const found = options(pats.body, 'toPersonId');
    assert.equal(found.length, 25);
    assert.ok(found.every((n) => n.startsWith('Pat ') && n !== 'Pat Outsider'), 'only people sharing a circle, never the outsider');
    assert.match(pats.body, /role="status"[^>]*>The first 25 people found: type more of the name to narrow it\./);
    assert.deepEqual(options((await client.get('/credits/give?who=Quinn')).body, 'toPersonId'), ['Quinn']);
    assert.match((await client.get('/credits/give?who=Outsider')).body, /Nobody found with that name\./);

    const json = (await client.get('/api/v1/credits/choices/people?who=pat')).json() as { choices: { label: string }[]; more: boolean };
    assert.equal(json.choices.length, 25);
    assert.equal(json.more, true);
    assert.deepEqual(((await client.get('/api/v1/credits/choices/people?who=Outsider')).json() as { choices: unknown[] }).choices, []);

    // Chosen after a search, sent with a wrong amount: the form comes back with Quinn still chosen.
    const page = (await client.get('/credits/give?who=Quinn')).body;
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] as string;
    const wrong = await client.post('/credits/give', { _csrf: token, idempotencyKey: key, toPersonId: quinn.personId, amount: 'lots' });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, new RegExp(`<option value="${quinn.personId}" selected[^>]*>Quinn</option>`));
    await t.app.close();
  });

  test('pools are found by their name or their circle', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const member = await makePerson(t);
    const { circleId } = await run(deps, system, createCircle, { name: 'Calderdale', aim: 'a', domain: 'd', parentId: null });
    await t.database.query(`INSERT INTO credit_accounts (id, kind, circle_id, name, balance, created_at)
      SELECT gen_random_uuid(), 'pool', $1, 'Pool ' || n, 0, now() FROM generate_series(1, 30) n`, [circleId]);
    const client = new Client(t.app);
    await client.signIn(member.email);
    const page = await client.get('/credits/donate?who=calder');
    assert.equal(page.statusCode, 200);
    assert.equal(options(page.body, 'poolId').length, 25);
    assert.deepEqual(options((await client.get('/credits/donate?who=Pool 7')).body, 'poolId'), ['Pool 7 (Calderdale)']);
    await t.app.close();
  });
});
