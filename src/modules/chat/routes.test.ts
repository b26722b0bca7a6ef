import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { run } from '../../platform/context.ts';
import { leaveCircle } from '../circles/commands/add-member.ts';
import { createApiToken } from '../people/commands/api-tokens.ts';
import { unreadChatCounts } from './queries.ts';
import { openSse } from './sse-client.ts';
import { actorOf, circleWith, pair, say, teamWith } from './test-support.ts';

type Person = { personId: string; email: string; name: string };

describeEachDatabase('chat pages, API and live stream', (db) => {
  const setUp = async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId, people } = await circleWith(deps, ['full', 'full'], { name: 'Halifax' });
    const [ann, bea] = pair(people);
    const signedIn = async (p: Person) => {
      const client = new Client(t.app);
      await client.signIn(p.email);
      return client;
    };
    const token = async (p: Person) => (await run(deps, actorOf(p), createApiToken, { label: 'chat test' })).token;
    return { t, deps, circleId, ann, bea, signedIn, token };
  };

  test('the page shows messages escaped, sends by form without JavaScript, keeps what was typed with the error, and marks read', async () => {
    const { t, deps, circleId, ann, bea, signedIn } = await setUp();
    await say(deps, bea, circleId, '<b>bold</b> & <script>alert(1)</script>');
    const client = await signedIn(ann);
    const unread = async () => (await client.get('/api/v1/chat/unread')).json() as { total: number };
    assert.equal((await unread()).total, 3, 'two "joined" messages and Bea’s');

    const page = await client.get(`/circles/${circleId}/chat`);
    assert.equal(page.statusCode, 200);
    // Preact escapes < and & in text, which is all HTML needs to keep text from becoming markup.
    assert.match(page.body, /&lt;b>bold&lt;\/b> &amp; &lt;script>alert\(1\)&lt;\/script>/);
    assert.doesNotMatch(page.body, /<b>bold<\/b>|<script>alert/);
    assert.match(page.body, /<script src="\/static\/chat.js" defer/);
    assert.equal((await unread()).total, 0, 'opening the chat marks it read');

    const empty = await client.submit(`/circles/${circleId}/chat`, { body: '   ' });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /id="field-body-error"[^>]*>Error: Write a message before sending/);
    const long = 'word '.repeat(801);
    const tooLong = await client.submit(`/circles/${circleId}/chat`, { body: long });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.body, /at most 4,000 characters/);
    assert.ok(tooLong.body.includes(`>${long}</textarea>`), 'the text typed is kept');

    const sent = await client.submit(`/circles/${circleId}/chat`, { body: 'Hello Bea, see you at 3.' });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `/circles/${circleId}/chat#send`);
    assert.match((await client.get(`/circles/${circleId}/chat`)).body, /Hello Bea, see you at 3\./);

    const chats = await (await signedIn(bea)).get('/chat');
    assert.equal(chats.statusCode, 200);
    assert.match(chats.body, /Halifax<\/a><\/td><td>Circle<\/td><td><strong>3 unread<\/strong>/, "two joined and Ann’s reply; never her own");
    await t.app.close();
  });

  test('outsiders: an open circle says 403, a team says 404; leaving takes the page and the API away at once', async () => {
    const { t, deps, circleId, ann, signedIn, token } = await setUp();
    const outsider = await signedIn(await makePerson(deps));
    const { teamId, owner, advocate } = await teamWith(deps, 0, { advocate: true });
    for (const url of [`/circles/${circleId}/chat`, `/circles/${circleId}/chat/stream`, `/api/v1/circles/${circleId}/chat/messages`]) {
      assert.equal((await outsider.get(url)).statusCode, 403, url);
    }
    for (const url of [`/circles/${teamId}/chat`, `/circles/${teamId}/chat/stream`, `/api/v1/circles/${teamId}/chat/messages`]) {
      assert.equal((await outsider.get(url)).statusCode, 404, url);
    }
    assert.equal((await outsider.submit('/me/profile', { body: 'hi' }, `/circles/${teamId}/chat`)).statusCode, 404);
    for (const p of [owner, advocate as Person]) {
      assert.equal((await (await signedIn(p)).get(`/circles/${teamId}/chat`)).statusCode, 200, 'the owner and the advocate are in the team chat');
    }

    const annClient = await signedIn(ann);
    const annToken = await token(ann);
    assert.equal((await annClient.get(`/circles/${circleId}/chat`)).statusCode, 200);
    await run(deps, actorOf(ann), leaveCircle, { circleId });
    assert.equal((await annClient.get(`/circles/${circleId}/chat`)).statusCode, 403);
    assert.equal((await annClient.submit('/me/profile', { body: 'still here?' }, `/circles/${circleId}/chat`)).statusCode, 403);
    const api = (method: 'GET' | 'POST') =>
      t.app.inject({ method, url: `/api/v1/circles/${circleId}/chat/messages`, headers: { authorization: `Bearer ${annToken}` }, ...(method === 'POST' ? { payload: { body: 'hi' } } : {}) });
    assert.equal((await api('GET')).statusCode, 403);
    assert.equal((await api('POST')).statusCode, 403);
    await t.app.close();
  });

  test('the API pages back with a cursor, posts, validates as JSON and counts unread', async () => {
    const { t, deps, circleId, ann, bea, token } = await setUp();
    for (let i = 1; i <= 35; i++) await say(deps, bea, circleId, `note ${i}`);
    const auth = { authorization: `Bearer ${await token(ann)}` };
    const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: auth })).json();
    const latest = await get(`/api/v1/circles/${circleId}/chat/messages`);
    assert.equal(latest.messages.length, 30);
    assert.equal(latest.messages.at(-1).body, 'note 35');
    const older = await get(`/api/v1/circles/${circleId}/chat/messages?before=${encodeURIComponent(latest.older)}`);
    const olderBodies: string[] = older.messages.map((m: { body: string }) => m.body);
    // Both joined in the same instant, so their order is by id; the notes follow.
    assert.deepEqual(olderBodies.slice(0, 2).sort(), [`${ann.name} joined`, `${bea.name} joined`].sort());
    assert.deepEqual(olderBodies.slice(2), ['note 1', 'note 2', 'note 3', 'note 4', 'note 5']);
    assert.equal(older.older, null);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/circles/${circleId}/chat/messages?before=nonsense`, headers: auth })).statusCode, 422);

    const unread = await get('/api/v1/chat/unread');
    assert.deepEqual(unread.channels.map((c: { name: string; unread: number }) => [c.name, c.unread]), [['Halifax', 37]]);
    assert.equal(unread.total, 37);

    const post = (body: unknown) => t.app.inject({ method: 'POST', url: `/api/v1/circles/${circleId}/chat/messages`, headers: auth, payload: { body } });
    const made = await post('  <i>hi</i> from the API ');
    assert.equal(made.statusCode, 201);
    assert.equal(made.json().message.body, '<i>hi</i> from the API');
    assert.equal(made.json().message.authorName, ann.name);
    const bad = await post('');
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().error.fields.body, 'Write a message before sending');
    await t.app.close();
  });

  test('the stream delivers new messages, sends what a reconnect missed, and ends when the reader leaves', async () => {
    const { t, deps, circleId, ann, bea, token } = await setUp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const [annAuth, beaAuth] = [{ authorization: `Bearer ${await token(ann)}` }, { authorization: `Bearer ${await token(bea)}` }];
    const { messageId: firstId } = await say(deps, bea, circleId, 'Already here before the page opened');
    await say(deps, bea, circleId, 'Written while the page was loading');

    const annStream = await openSse(`${base}/circles/${circleId}/chat/stream?after=${firstId}`, annAuth);
    assert.equal(annStream.status, 200);
    await annStream.waitFor((e) => JSON.parse(e.data).body === 'Written while the page was loading');
    const beaStream = await openSse(`${base}/circles/${circleId}/chat/stream`, { ...beaAuth, 'last-event-id': firstId });
    await beaStream.waitFor((e) => JSON.parse(e.data).body === 'Written while the page was loading');

    deps.clock.advance(1000);
    const posted = await fetch(`${base}/api/v1/circles/${circleId}/chat/messages`, { method: 'POST', headers: { ...beaAuth, 'content-type': 'application/json' }, body: JSON.stringify({ body: 'Live <now>' }) });
    assert.equal(posted.status, 201);
    const live = await annStream.waitFor((e) => JSON.parse(e.data).body === 'Live <now>', 1000);
    assert.equal(live.id, (await posted.json()).message.id);
    assert.equal(JSON.parse(live.data).authorName, bea.name);
    assert.equal(annStream.events.filter((e) => e.event === 'message').length, 2, 'nothing twice, nothing from before the cursor');
    // What the open page showed live is read: Ann's mark moves to it (written in a batch, soon after).
    const annUnread = async () => (await unreadChatCounts(deps.database.db, ann.personId, deps.clock.now()))[0]?.unread;
    for (let tries = 0; (await annUnread()) !== 0 && tries < 40; tries++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(await annUnread(), 0);

    // Ann leaves: her open stream is told and ends; Bea's carries on and sees "Ann left".
    await run(deps, actorOf(ann), leaveCircle, { circleId });
    await annStream.waitFor((e) => e.event === 'closed');
    await annStream.ended;
    assert.ok(!annStream.events.some((e) => e.event === 'message' && JSON.parse(e.data).body.includes('left')), 'the leaver does not get the next message');
    await beaStream.waitFor((e) => JSON.parse(e.data).body === `${ann.name} left`);
    assert.equal((await openSse(`${base}/circles/${circleId}/chat/stream`, annAuth)).status, 403);

    // Closing the app ends the streams still open instead of waiting for them.
    await t.app.close();
    await beaStream.ended;
    assert.equal(t.app.chatHub.openStreams, 0);
  });
});
