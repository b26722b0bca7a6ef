import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../platform/context.ts';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { circleWith } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { createApiToken } from '../people/commands/api-tokens.ts';
import { donateCredits } from './commands/donate-credits.ts';
import { actorOf, fund, poolWithAllowance } from './test-support.ts';
import { verifyLedger } from './verify.ts';

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

describeEachDatabase('credits pages and API', (db) => {
  const setup = async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId, people } = await circleWith(deps, ['full', 'full']);
    const [giver, friend] = people as unknown as [{ personId: string; email: string; name: string }, { personId: string; email: string; name: string }];
    await fund(deps, giver.personId, 120);
    const client = new Client(t.app);
    await client.signIn(giver.email);
    const transfers = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM credit_transfers'))[0]?.n;
    return { t, deps, circleId, giver, friend, client, transfers };
  };
  /** Fill in the give form as a browser would: its CSRF token and its own idempotency key. */
  const give = async (client: Client, fields: Record<string, string>, form?: string) => {
    const page = form ?? (await client.get('/credits/give')).body;
    return client.post('/credits/give', { _csrf: hidden(page, '_csrf'), idempotencyKey: hidden(page, 'idempotencyKey'), ...fields });
  };

  test('give through the form, see the balance; pressing the button twice gives once', async () => {
    const { t, giver, friend, client, transfers } = await setup();
    const overview = await client.get('/credits');
    assert.equal(overview.statusCode, 200);
    assert.match(overview.body, /You have 2 credits\./);
    assert.match(overview.body, new RegExp(`<option value="${friend.personId}"[^>]*>${friend.name}</option>`));
    assert.match(overview.body, /<a href="\/credits" aria-current="page">Credits<\/a>/);

    const form = (await client.get('/credits/give')).body;
    const res = await give(client, { toPersonId: friend.personId, amount: '1.5', message: 'Thank you for the lifts' }, form);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/credits?done=gift');
    const after = await client.get('/credits?done=gift');
    assert.match(after.body, /Your credits have been given\./);
    assert.match(after.body, /You have 0\.5 credits\./);
    assert.match(after.body, new RegExp(`Gift to ${friend.name}`));
    assert.match(after.body, /Thank you for the lifts/);
    const count = await transfers();
    assert.equal((await give(client, { toPersonId: friend.personId, amount: '1.5', message: 'Thank you for the lifts' }, form)).statusCode, 303);
    assert.equal(await transfers(), count, 'the same form sent again is a retry');

    // The friend sees the gift and its message, and can give it back.
    const other = new Client(t.app);
    await other.signIn(friend.email);
    const theirs = await other.get('/credits');
    assert.match(theirs.body, /You have 1\.5 credits\./);
    assert.match(theirs.body, new RegExp(`Gift from ${giver.name}`));
    const action = /action="(\/credits\/transfers\/[^"]+\/reverse)"/.exec(theirs.body)?.[1] as string;
    assert.equal((await other.post(action, { _csrf: hidden(theirs.body, '_csrf') })).statusCode, 303);
    assert.match((await client.get('/credits')).body, /You have 2 credits\./);
    assert.deepEqual(await verifyLedger(t.database.db), []);
    await t.app.close();
  });

  test('bad amounts are shown beside the field with 422 and nothing is written', async () => {
    const { t, friend, client, transfers } = await setup();
    const before = await transfers();
    const cases: [string, RegExp][] = [
      ['abc', /Enter an amount of credits using numbers/],
      ['-1', /Enter an amount greater than zero/],
      ['0', /Enter an amount greater than zero/],
      ['', /Enter how many credits/],
      ['5', /That is more than you have \(2 credits\)\. No account may go below zero\./],
    ];
    for (const [amount, message] of cases) {
      const res = await give(client, { toPersonId: friend.personId, amount });
      assert.equal(res.statusCode, 422, amount);
      assert.match(res.body, /class="error-summary"/);
      assert.match(res.body, new RegExp(`<small id="field-amount-error" class="field-error">Error: ${message.source}`), amount);
      assert.match(res.body, /id="field-amount"[^>]*aria-invalid="true"/);
      if (amount) assert.match(res.body, new RegExp(`id="field-amount" name="amount" type="text" value="${amount}"`), 'what was typed is kept');
    }
    assert.equal((await give(client, { toPersonId: '', amount: '1' })).statusCode, 422);
    assert.equal(await transfers(), before);
    await t.app.close();
  });

  test('CSV export, the pool page for every member, and the flows chart with its table', async () => {
    const { t, deps, circleId, giver, friend, client } = await setup();
    const { poolId } = await poolWithAllowance(deps, circleId, 1, 10);
    await run(deps, actorOf(giver), donateCredits, { poolId, amount: '0.5', message: '=HYPERLINK("x")', idempotencyKey: 'd1' });
    await give(client, { toPersonId: friend.personId, amount: '0.25', message: 'Cheers, "friend"' });

    const csv = await client.get('/credits/statement.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="credits-/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines.length, 4, 'header, gift, donation, earning');
    assert.match(lines[0] as string, /^When,What,With/);
    assert.match(csv.body, /"Cheers, ""friend"""/);
    assert.match(csv.body, /"'=HYPERLINK\(""x""\)"/, 'a formula is kept as text');
    assert.match(csv.body, /,-15,-0\.25,/);
    const gifts = await client.get('/credits/statement.csv?kind=gift');
    assert.equal(gifts.body.trim().split('\r\n').length, 2);

    const stranger = await makePerson(t);
    const other = new Client(t.app);
    await other.signIn(stranger.email);
    const pool = await other.get(`/credits/pools/${poolId}`);
    assert.equal(pool.statusCode, 200);
    assert.match(pool.body, /It holds 0\.5 credits\./);
    assert.match(pool.body, new RegExp(`Donation from ${giver.name}`));
    assert.doesNotMatch(pool.body, /Pay from this pool/, 'only the circle’s full participants are offered payments');
    assert.equal((await other.get(`/credits/pools/${poolId}/pay`)).statusCode, 403);

    const flows = await client.get('/credits/flows');
    assert.equal(flows.statusCode, 200);
    assert.match(flows.body, /<svg role="img" aria-labelledby="flows-title flows-desc"/);
    assert.match(flows.body, /<title id="flows-title">Credits moved across the co-op each month<\/title>/);
    assert.match(flows.body, /<caption>Credits moved each month, by kind<\/caption>/);
    // Twelve months, this one last; the co-op's totals include this suite's other tests.
    assert.equal(flows.body.match(/<th scope="row">/g)?.length, 12);
    assert.match(flows.body, /<th scope="row">Jan 26<\/th><td>[\d.]+ credits<\/td><td>[^<]+<\/td><td>(?!0 credits)[^<]+<\/td>/);
    assert.doesNotMatch(flows.body, /style=|<script/);
    await t.app.close();
  });

  test('API: an Idempotency-Key retry returns the first transfer; other content under it is refused', async () => {
    const { t, deps, circleId, giver, friend } = await setup();
    const { token } = await run(deps, actorOf(giver), createApiToken, { label: 'test' });
    const post = (url: string, payload: Record<string, unknown>, key?: string) =>
      t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) }, payload });
    const first = await post('/api/v1/credits/gifts', { toPersonId: friend.personId, amount: 1, message: 'Thanks' }, 'abc-1');
    assert.equal(first.statusCode, 201);
    const again = await post('/api/v1/credits/gifts', { toPersonId: friend.personId, amount: 1, message: 'Thanks' }, 'abc-1');
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json().transfer.id, first.json().transfer.id);
    const changed = await post('/api/v1/credits/gifts', { toPersonId: friend.personId, amount: 0.5, message: 'Thanks' }, 'abc-1');
    assert.equal(changed.statusCode, 409);
    assert.equal(changed.json().error.message, 'This idempotency key was already used for a different transfer.');
    const keyless = await post('/api/v1/credits/gifts', { toPersonId: friend.personId, amount: 1 });
    assert.equal(keyless.statusCode, 422);
    assert.match(keyless.json().error.fields.idempotencyKey, /Idempotency-Key header/);

    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/credits?kind=gift', headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(mine.json().balance, { minutes: 60, credits: 1 });
    assert.equal(mine.json().entries.length, 1);

    const { poolId } = await poolWithAllowance(deps, circleId, 1, 2);
    const pay = await post(`/api/v1/credits/pools/${poolId}/payments`, { toPersonId: friend.personId, amount: 1, logbookEntryId: circleId }, 'p-1');
    assert.equal(pay.statusCode, 422);
    assert.match(pay.json().error.fields.logbookEntryId, /No decision has that id/);
    const earn = await post('/api/v1/credits/earnings', { personId: friend.personId, amount: 1, referenceType: 'activity', referenceId: 'x' });
    assert.equal(earn.statusCode, 403, 'only admins record earnings');
    await t.app.close();
  });
});
