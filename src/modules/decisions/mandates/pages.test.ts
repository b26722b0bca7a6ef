import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Client, makePerson, testApp } from '../../../../test/support/app.ts';
import { actorOf, circleWith, system } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { run } from '../../../platform/context.ts';
import { createApiToken } from '../../people/commands/api-tokens.ts';
import { addMember } from '../../circles/commands/add-member.ts';
import { createPool } from '../../credits/commands/create-pool.ts';
import { settleByResolution } from '../commands/close-round.ts';
import { proposals } from '../schema.ts';
import { mandateEffects } from './schema.ts';

describeEachDatabase('mandates on the proposal pages and API', (db) => {
  const setup = async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId, people } = await circleWith(deps, ['full', 'full'], { name: `Local ${Math.random()}` });
    const [author, other] = people as unknown as [{ personId: string; email: string; name: string }, { personId: string; email: string; name: string }];
    const client = new Client(t.app);
    await client.signIn(author.email);
    const effects = async () => deps.database.db.select().from(mandateEffects).where(eq(mandateEffects.circleId, circleId));
    return { t, deps, circleId, author, other, client, effects };
  };

  test('a draft gets its effects without JavaScript: kind first, then its fields, each wrong field told beside it', async () => {
    const { t, circleId, other, client, effects } = await setup();
    const form = await client.get(`/circles/${circleId}/proposals/new`);
    assert.match(form.body, /name="effectKind"/);
    const created = await client.submit(`/circles/${circleId}/proposals/new`, {
      title: 'Halifax circle', driver: 'Too many teams', text: 'Create it', reviewDate: '2027-06-01', inDomain: 'on', effectKind: 'create_circle',
    });
    assert.equal(created.statusCode, 303);
    const location = String(created.headers.location);
    assert.match(location, /^\/proposals\/[0-9a-f-]+\/effects\/new\?kind=create_circle$/);
    const base = location.replace(/\/effects\/new.*$/, '');

    const fields = await client.get(location);
    assert.equal(fields.statusCode, 200);
    assert.match(fields.body, /name="aim"/);
    const bad = await client.submit(location, { kind: 'create_circle', name: '', aim: 'People in Halifax find support.', domain: '' }, `${base}/effects/new`);
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="field-name-error"[^>]*>Error: The new circle’s name is needed/);
    assert.match(bad.body, /id="field-domain-error"/);
    const wrongKind = await client.submit(location, { kind: 'rule_the_world' }, `${base}/effects/new`);
    assert.equal(wrongKind.statusCode, 422);
    assert.match(wrongKind.body, /Choose what the decision does/);
    assert.equal((await effects()).length, 0, 'nothing written by the refusals');

    const good = await client.submit(location, { kind: 'create_circle', name: 'Halifax', aim: 'People in Halifax find support.', domain: 'Teams in Halifax.' }, `${base}/effects/new`);
    assert.equal(good.statusCode, 303);
    const page = await client.get(base);
    assert.match(page.body, /What it authorises \(mandate\)/);
    assert.match(page.body, /Create a sub-circle under this circle/);
    assert.match(page.body, /Name: Halifax/);

    // Another member may read the mandate but not change it.
    const stranger = new Client(t.app);
    await stranger.signIn(other.email);
    assert.doesNotMatch((await stranger.get(base)).body, /Add an effect/);
    assert.equal((await stranger.get(`${base}/effects/new?kind=change_aim`)).statusCode, 403);
    const token = await stranger.csrf(base);
    assert.equal((await stranger.post(`${base}/effects/new`, { _csrf: token, kind: 'change_aim', aim: 'Mine now' })).statusCode, 403);
    const [effect] = await effects();
    assert.equal((await stranger.post(`${base}/effects/${effect?.id}/remove`, { _csrf: token })).statusCode, 403);
    assert.equal((await effects()).length, 1, 'nothing changed by the refusals');

    // The author removes it from the draft in place.
    assert.equal((await client.submit(`${base}/effects/${effect?.id}/remove`, {})).statusCode, 303);
    assert.equal((await effects()).length, 0);
    assert.match((await client.get(base)).body, /No effects yet/);
    await t.app.close();
  });

  test('the people an effect names are found by a search (a GET form without JavaScript, JSON as one types), never a list of hundreds', async () => {
    const { t, deps, circleId, author, client } = await setup();
    for (let i = 0; i < 40; i++) {
      const p = await makePerson(deps, { name: `Neighbour ${String(i).padStart(2, '0')}` });
      await run(deps, system, addMember, { circleId, personId: p.personId });
    }
    const created = await client.submit(`/circles/${circleId}/proposals/new`, { title: 'Gifts', driver: 'Newcomers', text: 'Gifts', reviewDate: '2027-06-01', inDomain: 'on', effectKind: 'allow_pool_payments' });
    const location = String(created.headers.location);
    const base = location.replace(/\/effects\/new.*$/, '');
    const options = (html: string) => [...(/<select id="field-payerIds"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '').matchAll(/<option value="[^"]+"[^>]*>([^<]+)</g)].map((m) => m[1]);
    const first = await client.get(location);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /<form method="get" action="[^"]+\/effects\/new" role="search"/);
    assert.match(first.body, /<input type="hidden" name="kind" value="allow_pool_payments"/, 'the search keeps the kind of effect');
    assert.equal(options(first.body).length, 25, 'at most 25 offered');
    assert.match(first.body, /The first 25 people found|Type part of a name/);
    const searched = await client.get(`${base}/effects/new?kind=allow_pool_payments&who=${encodeURIComponent('Neighbour 3')}`);
    assert.deepEqual(options(searched.body), Array.from({ length: 10 }, (_, i) => `Neighbour 3${i}`));
    assert.match(searched.body, /10 people found/);
    const json = await client.get(`/api/v1${base}/effects/people?who=${encodeURIComponent(author.name)}`);
    assert.equal(json.statusCode, 200);
    assert.deepEqual(json.json().choices.map((c: { label: string }) => c.label), [author.name]);
    await t.app.close();
  });

  test('the JSON API states effects with a draft, reads a mandate and, once adopted, how much is used', async () => {
    const { t, deps, circleId, author, client, effects } = await setup();
    const { token } = await run(deps, actorOf(author), createApiToken, { label: 'mandates' });
    const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
    const { poolId } = await run(deps, system, createPool, { circleId, name: 'Welcome pool' });
    const text = { title: 'Welcome gifts', driver: 'Newcomers start with nothing', text: 'Gifts from the pool', reviewDate: '2027-06-01' };

    const wrong = await api('POST', `/api/v1/circles/${circleId}/proposals`, { ...text, effects: [{ kind: 'allow_pool_payments', poolId: circleId, purpose: 'x', recipients: 'circle', perPaymentLimit: 1, totalLimit: 0.5 }] });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.json().error.fields['effects.0.totalLimit'], /at least the limit for one payment/);
    const notList = await api('POST', `/api/v1/circles/${circleId}/proposals`, { ...text, effects: 'everything' });
    assert.equal(notList.statusCode, 422);
    assert.equal((await deps.database.db.select().from(proposals).where(eq(proposals.circleId, circleId))).length, 0, 'no proposal from a refused draft');

    const allow = { kind: 'allow_pool_payments', poolId, purpose: 'Welcome gifts', recipients: 'circle', perPaymentLimit: 2, totalLimit: 10, payerRole: 'leader' };
    const made = await api('POST', `/api/v1/circles/${circleId}/proposals`, { ...text, effects: [allow] });
    assert.equal(made.statusCode, 201);
    const proposalId = made.json().proposalId as string;
    const added = await api('POST', `/api/v1/proposals/${proposalId}/effects`, { kind: 'set_silence_policy', silenceIsConsent: true });
    assert.equal(added.statusCode, 201);
    assert.equal(added.json().effects.length, 2);
    const mandate = await api('GET', `/api/v1/proposals/${proposalId}/mandate`);
    assert.equal(mandate.statusCode, 200);
    assert.deepEqual(mandate.json().effects.map((e: { effect: { kind: string } }) => e.effect.kind), ['allow_pool_payments', 'set_silence_policy']);
    assert.match(mandate.json().effects[0].terms.join(' '), /At most 2 credits in one payment, 10 credits in all/);

    // Adopted: the silence policy is applied, the allowance available, and the entry shows its use.
    await deps.database.db.update(proposals).set({ state: 'awaiting_resolution', needsResolution: true }).where(eq(proposals.id, proposalId));
    await run(deps, system, settleByResolution, { proposalId, passed: true });
    const [p] = await deps.database.db.select().from(proposals).where(eq(proposals.id, proposalId));
    const entry = await api('GET', `/api/v1/logbook/${p?.logbookEntryId}/mandate`);
    assert.equal(entry.statusCode, 200);
    assert.deepEqual(entry.json().effects.map((e: { standing: string }) => e.standing), ['0 credits of 10 credits used', 'Applied on adoption']);
    assert.deepEqual((await effects()).map((e) => e.status).sort(), ['applied', 'available']);
    const entryPage = await client.get(`/logbook/${p?.logbookEntryId}`);
    assert.equal(entryPage.statusCode, 200);
    assert.match(entryPage.body, /What it authorises \(mandate\)/);
    assert.match(entryPage.body, /0 credits of 10 credits used/);
    assert.match(entryPage.body, /Silence at an online deadline counts as consent/);
    const after = await api('POST', `/api/v1/proposals/${proposalId}/effects`, { kind: 'change_aim', aim: 'Too late' });
    assert.equal(after.statusCode, 409, 'an adopted decision’s mandate cannot change');
    assert.equal((await api('GET', `/api/v1/logbook/${circleId}/mandate`)).statusCode, 404);
    await t.app.close();
  });
});
