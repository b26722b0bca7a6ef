// A team's chat history a page at a time without JavaScript (issue 20, ADR 0029): from the latest
// messages "Older messages" back and "Newer messages" forward again in a labelled pager, by
// keyset on (created_at, id), messages sent at the same instant neither skipped nor repeated;
// the page reached again at the latest messages is live once more. The API pages the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../platform/ids.ts';
import { Client, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { walkPages } from '../../../test/support/paging.ts';
import { chatMessages } from './schema.ts';
import { first, teamWith } from './test-support.ts';

const PAGE = 30;

describeEachDatabase("a team's chat history paged", (db) => {
  test('120 messages (sent in fours at one instant, so pages of 30 end mid-instant) walked older and back newer: each once, in order, at most 30 a page', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, owner, people } = await teamWith(deps, 1);
    const member = first(people);
    const start = t.clock.now().getTime() + 60_000;
    await t.database.db.insert(chatMessages).values(Array.from({ length: 120 }, (_, i) => ({
      id: newId(), circleId: teamId, authorId: member.personId, kind: 'user' as const, body: `Message ${i}`, createdAt: new Date(start + Math.floor(i / 4) * 1000),
    })));
    t.clock.advance(200_000);
    // Every message of the channel (the team's "joined" messages too), oldest first, ties by id.
    const all = (await t.database.query<{ id: string }>('SELECT id FROM chat_messages WHERE circle_id = $1 ORDER BY created_at, id', [teamId])).map((r) => r.id);
    assert.ok(all.length >= 120);

    const client = new Client(t.app);
    await client.signIn(owner.email);
    const base = `/circles/${teamId}/chat`;
    const ids = (html: string) => [...html.matchAll(/id="message-([0-9a-f-]{36})"/g)].map((m) => m[1] as string);
    const { forward } = await walkPages(client, base, ids, PAGE);
    assert.deepEqual(forward.slice(0, -1).map((p) => p.length), Array(Math.ceil(all.length / PAGE) - 1).fill(PAGE));
    // Each page reads oldest first; the pages go back from the latest.
    assert.deepEqual([...forward].reverse().flat(), all, 'every message once, in order');

    const latest = await client.get(base);
    assert.match(latest.body, /<nav aria-label="More messages" class="pager[^"]*"><ul><li><a href="\/circles\/[0-9a-f-]{36}\/chat\?before=[^"]+" rel="next">Older messages<\/a>/);
    assert.doesNotMatch(latest.body, /rel="prev"/, 'nothing is newer than the latest page');
    const olderHref = (/<a href="([^"]+)" rel="next"/.exec(latest.body)?.[1] as string).replaceAll('&amp;', '&');
    const older = await client.get(olderHref);
    assert.match(older.body, /rel="prev">Newer messages<\/a>/);
    assert.match(older.body, /Back to the latest messages/);
    assert.doesNotMatch(older.body, /data-stream=/, 'an older page is not live');
    const newerHref = (/<a href="([^"]+)" rel="prev"/.exec(older.body)?.[1] as string).replaceAll('&amp;', '&');
    const again = await client.get(newerHref);
    assert.deepEqual(ids(again.body), ids(latest.body), 'newer from the second page is the latest page');
    assert.match(again.body, /data-stream="\/circles\/[0-9a-f-]{36}\/chat\/stream"/, 'and it is live again');
    assert.doesNotMatch(again.body, /Back to the latest messages/);

    // The API: `older` and `newer` cursors, ?before= and ?after=.
    const api = async (query: string) => (await client.get(`/api/v1/circles/${teamId}/chat/messages${query}`)).json() as { messages: { id: string }[]; older: string | null; newer: string | null };
    const top = await api('');
    assert.equal(top.newer, null);
    const second = await api(`?before=${encodeURIComponent(top.older as string)}`);
    assert.deepEqual(second.messages.map((m) => m.id), all.slice(-2 * PAGE, -PAGE));
    const back = await api(`?after=${encodeURIComponent(second.newer as string)}`);
    assert.deepEqual(back.messages.map((m) => m.id), all.slice(-PAGE));
    assert.equal(back.newer, null);
    assert.equal((await client.get(`${base}?after=nonsense`)).statusCode, 422);
    await t.app.close();
  });
});
