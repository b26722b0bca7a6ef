import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { Invalid } from '../../platform/errors.ts';
import { runOneJob } from '../../platform/jobs.ts';
import { notifications } from '../../platform/schema.ts';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf, circleWith, system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { createApiToken } from '../people/commands/api-tokens.ts';
import { proposals } from '../decisions/schema.ts';
import { assignHat } from './commands/assign-hat.ts';
import { defineHat } from './commands/define-hat.ts';
import { recordLogbookEntry } from './commands/record-logbook-entry.ts';
import { scheduleReviewReminders } from './logbook-routes.tsx';
import { circleHats } from './queries.ts';
import { hatDefinitions } from './schema.ts';

const review = { outcome: 'continue', title: 'Review: Two supporters', driver: 'The review date has come.', text: 'Keep it.', reviewDate: '2026-07-01' };

describeEachDatabase('logbook reviews', (db) => {
  test('an entry past its review date shows and lists as due for review; a review starts through the API by a participant only', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId, people } = await circleWith(deps, ['full', 'guest']);
    const [member, guest] = people.map(actorOf) as [Actor, Actor];
    const outsider = actorOf(await makePerson(deps));
    const { entryId: due } = await run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId, kind: 'policy', title: 'Two supporters', text: 'Two for a hoist.', authorId: null, reviewDate: '2025-12-01' }), {});
    const { entryId: later } = await run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId, kind: 'policy', title: 'Later', text: 'Later.', authorId: null, reviewDate: '2027-12-01' }), {});
    const tokenOf = async (a: Actor) => (await run(t, a, createApiToken, { label: 'logbook' })).token;
    const as = async (a: Actor) => {
      const token = await tokenOf(a);
      return (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    };
    const api = await as(member);

    assert.equal((await api('GET', `/api/v1/logbook/${due}`)).json().entry.state, 'review_due');
    assert.equal((await api('GET', `/api/v1/logbook/${later}`)).json().entry.state, 'in_force');
    const listed = (await api('GET', `/api/v1/logbook?circle=${circleId}`)).json().entries as { id: string; state: string }[];
    assert.equal(listed.find((e) => e.id === due)?.state, 'review_due');
    assert.equal(listed.find((e) => e.id === later)?.state, 'in_force');
    const dueList = (await api('GET', '/api/v1/reviews')).json().due as { id: string }[];
    assert.ok(dueList.some((d) => d.id === due) && !dueList.some((d) => d.id === later));

    const count = async () => (await t.database.db.select().from(proposals).where(eq(proposals.reviewOf, due))).length;
    for (const who of [guest, outsider]) {
      const res = await (await as(who))('POST', `/api/v1/logbook/${due}/reviews`, review);
      assert.equal(res.statusCode, 403, `${who.name} may not start a review`);
    }
    assert.equal((await api('POST', `/api/v1/logbook/${due}/reviews`, { ...review, reviewDate: '1900-01-01' })).statusCode, 422, 'a review date in the past');
    assert.equal(await count(), 0, 'nothing written by a refused review');
    const started = await api('POST', `/api/v1/logbook/${due}/reviews`, review);
    assert.equal(started.statusCode, 201);
    assert.ok(started.json().proposalId);
    assert.equal(await count(), 1);
    await t.app.close();
  });

  test('the Logbook Keeper and Secretary are reminded of what is due, found by the role of their hats, not by a name', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId: parent } = await circleWith(deps, [], { name: 'Purpose' });
    const { circleId, people } = await circleWith(deps, ['full', 'full', 'full'], { parentId: parent });
    const [keeper, scribe, impostor] = people.map(actorOf) as [Actor, Actor, Actor];
    const hats = await circleHats(t.database.db, circleId, t.clock.now());
    const secretaryHat = hats.find((h) => h.role === 'secretary')?.id as string;
    // The circle calls its Secretary hat "Scribe"; someone defines a hat named "Secretaries" with no role.
    await t.database.db.update(hatDefinitions).set({ name: 'Scribe' }).where(eq(hatDefinitions.id, secretaryHat));
    await run(deps, system, assignHat, { hatId: hats.find((h) => h.role === 'logbook-keeper')?.id as string, personId: keeper.personId });
    await run(deps, system, assignHat, { hatId: secretaryHat, personId: scribe.personId });
    const { hatId } = await run(deps, keeper, defineHat, { circleId, name: 'Secretaries', purpose: 'Sounds important.', responsibilities: 'Nothing', termMonths: 12, reviewMonths: 6 });
    await run(deps, system, assignHat, { hatId, personId: impostor.personId });
    // A second hat named like one the circle has is refused, whatever its case or spaces.
    const before = (await t.database.db.select().from(hatDefinitions).where(eq(hatDefinitions.circleId, circleId))).length;
    for (const name of ['Leader', ' leader ', 'SCRIBE', 'secretaries']) {
      await assert.rejects(run(deps, keeper, defineHat, { circleId, name, purpose: 'Leads.', responsibilities: 'Lead', termMonths: 12, reviewMonths: 6 }), (e: unknown) => e instanceof Invalid && 'name' in e.fields, name);
    }
    assert.equal((await t.database.db.select().from(hatDefinitions).where(eq(hatDefinitions.circleId, circleId))).length, before, 'nothing defined');
    assert.equal((await t.database.db.select().from(hatDefinitions).where(eq(hatDefinitions.id, hatId)))[0]?.role, null, 'a defined hat carries no role by its name');
    await run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId, kind: 'policy', title: 'Two supporters', text: 'Two for a hoist.', authorId: null, reviewDate: '2025-12-01' }), {});
    await t.database.db.transaction((tx) => scheduleReviewReminders(tx, t.clock.now()));
    while (await runOneJob(t.database, t.clock));
    const told = async (a: Actor) => (await t.database.db.select().from(notifications).where(eq(notifications.personId, a.personId))).some((n) => /due for review/.test(n.text));
    assert.equal(await told(keeper), true, 'the Logbook Keeper');
    assert.equal(await told(scribe), true, 'the Secretary, by role, whatever the hat is called');
    assert.equal(await told(impostor), false, 'a hat named like a role carries none of its rights');
    await t.app.close();
  });

  test("a circle's due reviews are found however many are due elsewhere: on its members' home and in the reminders", async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId: busy } = await circleWith(deps, [], { name: 'Busy' });
    const { circleId: mine, people } = await circleWith(deps, ['full'], { name: 'Mine' });
    const person = people[0] as { personId: string; email: string };
    const me = actorOf(person as never);
    // 210 entries elsewhere, all more overdue than the one in the person's circle.
    await run(deps, system, async (ctx) => {
      for (let i = 0; i < 210; i++) await recordLogbookEntry(ctx, { circleId: busy, kind: 'policy', title: `Old ${i}`, text: 'Old.', authorId: null, reviewDate: '2025-01-01' });
      return recordLogbookEntry(ctx, { circleId: mine, kind: 'policy', title: 'Lone working check-in', text: 'Call in.', authorId: null, reviewDate: '2025-12-01' });
    }, {});
    const keeperHat = (await circleHats(t.database.db, mine, t.clock.now())).find((h) => h.role === 'logbook-keeper')?.id as string;
    await run(deps, system, assignHat, { hatId: keeperHat, personId: me.personId });
    const client = new Client(t.app);
    await client.signIn(person.email);
    assert.match((await client.get('/')).body, /Lone working check-in/, 'home');
    // The next day's reminders (the suite's database already ran today's, in the test above).
    t.clock.advance(24 * 3_600_000);
    await t.database.db.transaction((tx) => scheduleReviewReminders(tx, t.clock.now()));
    while (await runOneJob(t.database, t.clock));
    const [{ name }] = await t.database.query<{ name: string }>('SELECT name FROM circles WHERE id = $1', [mine]) as [{ name: string }];
    const texts = (await t.database.db.select().from(notifications)).map((n) => n.text);
    assert.ok(texts.includes(`1 logbook items in ${name} are due for review`), `the reminder for the circle past the first 200: ${JSON.stringify(texts)}`);

    // /reviews: the person's own circle's first, then the rest 50 at a time, paged both ways.
    const section = (html: string, id: string) => html.slice(html.indexOf(`id="${id}"`), id === 'mine' ? html.indexOf('id="rest"') : undefined);
    const entries = (html: string) => [...html.matchAll(/<a href="\/logbook\/([0-9a-f-]{36})">([^<]+)<\/a>/g)].map((m) => ({ id: m[1] as string, title: m[2] as string }));
    const titles = (html: string) => entries(html).map((e) => e.title);
    const first = (await client.get('/reviews')).body;
    assert.deepEqual(titles(section(first, 'mine')), ['Lone working check-in'], 'their own circle first');
    const seen: { id: string; title: string }[] = [];
    const pages: string[] = [];
    let next: string | undefined = '/reviews';
    while (next) {
      const html: string = (await client.get(next)).body;
      pages.push(next);
      const rest = entries(section(html, 'rest'));
      assert.ok(rest.length <= 50, `at most 50 a page, not ${rest.length}`);
      assert.deepEqual(titles(section(html, 'mine')), ['Lone working check-in'], 'the other list stays where it is');
      seen.push(...rest);
      next = html.match(/<a href="([^"]+)" rel="next">/)?.[1]?.replaceAll('&amp;', '&');
    }
    // The suite's database holds the earlier tests' entries too: at least the 210 here.
    assert.ok(pages.length >= 5, '210 in pages of 50');
    assert.equal(new Set(seen.map((e) => e.id)).size, seen.length, 'none twice');
    assert.equal(seen.filter((e) => e.title.startsWith('Old ')).length, 210, 'every entry due elsewhere');
    assert.ok(!seen.some((e) => e.title === 'Lone working check-in'), 'their own not again among the rest');
    const last = (await client.get(pages.at(-1) as string)).body;
    const back = last.match(/<a href="([^"]+)" rel="prev">/)?.[1]?.replaceAll('&amp;', '&') as string;
    const before = (pages.length - 2) * 50;
    assert.deepEqual(entries(section((await client.get(back)).body, 'rest')), seen.slice(before, before + 50), 'back a page: the page before');
    assert.equal((await client.get('/reviews?rest_after=2025-13-45_nonsense')).statusCode, 200, 'a broken cursor is the first page');
    await t.app.close();
  });
});
