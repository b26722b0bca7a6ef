import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, type TestApp, makePerson, testApp } from '../../../test/support/app.ts';
import { describeEachDemoDatabase } from '../../../test/support/db.ts';
import { DEMO_PASSWORD as PASSWORD } from '../../../test/support/demo-db.ts';
import { demoPeople } from '../../demo/seed.ts';
import { and, eq } from 'drizzle-orm';
import { circleWith, system } from '../../../test/support/circles.ts';
import { assignHat } from '../circles/commands/assign-hat.ts';
import { hatDefinitions } from '../circles/schema.ts';
import { DAY } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { notify } from '../../platform/notify.ts';
import { wallClock, zonedToUtc } from '../../platform/zoned-time.ts';
import { dayHeading } from '../care/visits/times.ts';

interface Item { kind: string; since: string; href: string; text: string; about: string }

/** The "Needs you now" list of a home page: each item's kind, link and words. */
function todo(html: string): Item[] {
  return [...html.matchAll(/<li data-kind="([a-z-]+)" data-since="([^"]+)"><a href="([^"]+)">([^<]*)<\/a>([\s\S]*?)<\/li>/g)].map((m) => ({
    kind: m[1] as string, since: m[2] as string, href: (m[3] as string).replace(/&amp;/g, '&'), text: m[4] as string, about: (m[5] as string).replace(/<[^>]+>/g, ''),
  }));
}
const headings = (html: string) => [...html.matchAll(/<h([12])[^>]*>([^<]*)<\/h\1>/g)].map((m) => m[2]);

/** What each kind's page offers when the person may do it: the form or button that does it. */
const actionOn: Record<string, RegExp> = {
  'care-log': /Confirm this log|Confirm the new times|Record the resolution/,
  consent: /name="response"/,
  selection: /name="response"/,
  invitation: /Accept: start a trial/,
  'join-request': /Agree to a trial/,
  doses: /name="outcome"/,
  concern: /Record this step/,
  review: /name="outcome"/,
  vote: /name="choice"/,
  survey: /Send my answers|Show the statements/,
};

/** What each demo person is asked on their home (src/demo/ and src/demo/today.ts). */
const expected: Record<string, string[]> = {
  admin: ['consent'],
  rose: ['care-log', 'consent', 'vote'],
  sam: ['consent', 'review', 'vote'],
  priya: ['care-log', 'invitation'],
  tom: ['care-log', 'concern', 'review', 'vote'],
  june: ['care-log', 'vote'],
  irene: ['vote'],
};

describeEachDemoDatabase('home: Today', (db) => {
  // The database holds the demo co-op; its app is built once, on the demo's clock.
  let demo: Promise<TestApp> | undefined;
  const demoApp = () => (demo ??= testApp(db()));

  test('each demo person sees what they have to do, oldest first, each a link to the page where it is done', async () => {
    const t = await demoApp();
    const seen: Record<string, Item[]> = {};
    for (const person of demoPeople) {
      const key = person.email.split('@')[0] as string;
      const c = new Client(t.app);
      await c.signIn(person.email, PASSWORD);
      const home = await c.get('/');
      assert.equal(home.statusCode, 200, key);
      const items = todo(home.body);
      seen[key] = items;
      assert.ok(items.length >= 1, `${key} has something to do`);
      for (const kind of expected[key] ?? []) assert.ok(items.some((i) => i.kind === kind), `${key} is asked: ${kind} (has ${items.map((i) => i.kind).join(', ')})`);
      for (const item of items) {
        const page = await c.get(item.href);
        assert.equal(page.statusCode, 200, `${key}: ${item.text} -> ${item.href}`);
        assert.match(page.body, actionOn[item.kind] as RegExp, `${key} can do "${item.text}" on ${item.href}`);
      }
      // Headings in reading order: the greeting, then the sections.
      const h = headings(home.body);
      assert.match(h[0] ?? '', new RegExp(`Hello, ${person.name}`));
      if (key === 'rose') assert.deepEqual(h.slice(1, 3), ['Your team', 'Needs you now'], "an owner's home starts with her Team");
      if (key === 'sam') assert.deepEqual(h.slice(1, 3), ['Your visits today', 'Needs you now'], "a supporter's home starts with today's visits");
    }
    // Rose's Team is linked from Rose's home.
    const rose = new Client(t.app);
    await rose.signIn('rose@demo.carecircles.org', PASSWORD);
    const roseHome = (await rose.get('/')).body;
    const team = /<h2 id="today-team">[^<]*<\/h2>\s*<ul><li><a href="(\/teams\/[0-9a-f-]{36})">Rose&#39;s Team<\/a>/.exec(roseHome) ?? /href="(\/teams\/[0-9a-f-]{36})">Rose(?:&#39;|')s Team</.exec(roseHome);
    assert.ok(team, 'her Team is linked');
    assert.equal((await rose.get(team[1] as string)).statusCode, 200);
    assert.match(roseHome, /Rose(?:&#39;|')s Team<\/a>: \d+ unread messages/, 'her team chat with its unread count');
    assert.match(roseHome, /href="\/teams"/, '"Your teams" is one tap from home');

    // Nothing anyone may not do: a supporter is not asked to confirm the logs they are a party to,
    // the owner's side is; a learning participant is not asked to consent; Ada, not an admitted
    // member, is not asked to vote; Priya, on probation, neither.
    const samsLogsForRose = (seen.rose ?? []).filter((i) => i.kind === 'care-log' && /supported by Sam Hughes/.test(i.about));
    assert.ok(samsLogsForRose.length >= 1, 'Rose confirms a log of Sam\'s support');
    for (const log of samsLogsForRose) assert.ok(!(seen.sam ?? []).some((i) => i.href === log.href), 'Sam, who logged and confirmed it, is not asked again');
    assert.ok(!(seen.priya ?? []).some((i) => i.kind === 'consent' || i.kind === 'selection' || i.kind === 'vote'), 'Priya (learning, on probation) is not asked to consent or vote');
    assert.ok(!(seen.admin ?? []).some((i) => i.kind === 'vote'), 'Ada is not a voting member');
    // Oldest first.
    for (const [key, items] of Object.entries(seen)) {
      const times = items.map((i) => Date.parse(i.since));
      assert.deepEqual(times, [...times].sort((a, b) => a - b), `${key}'s list is oldest first`);
    }
  });

  test('a new person sees an honest empty home; the live parts answer only them', async () => {
    const t = await demoApp();
    const person = await makePerson(t, { name: 'Nell New' });
    const c = new Client(t.app);
    assert.equal((await c.get('/')).statusCode, 303, 'signed out: sent to sign in');
    await c.signIn(person.email);
    const home = await c.get('/');
    assert.equal(home.statusCode, 200);
    assert.equal(todo(home.body).length, 0);
    assert.match(home.body, /Nothing needs you right now/);
    assert.match(home.body, /You have no visits booked/);
    assert.match(home.body, /No unread messages/);
    assert.match(home.body, /<script src="\/static\/today.js" defer><\/script>/);
    // The live script's sections: the same content, without the page around it.
    const fragment = await c.get('/today/now');
    assert.equal(fragment.statusCode, 200);
    assert.match(fragment.body, /Nothing needs you right now/);
    assert.doesNotMatch(fragment.body, /<html|<h1/);
    // The pulse moves when something is sent to the person, not before.
    const before = JSON.parse((await c.get('/today/pulse')).body) as { mark: string };
    assert.equal(JSON.parse((await c.get('/today/pulse')).body).mark, before.mark);
    t.clock.advance(1000);
    await t.database.db.transaction((tx) => notify(tx, t.clock.now(), [person.personId], { text: 'Something for you', href: '/' }));
    assert.notEqual(JSON.parse((await c.get('/today/pulse')).body).mark, before.mark);
    const outsider = new Client(t.app);
    assert.equal((await outsider.get('/today/now')).statusCode, 303);
    assert.equal((await outsider.get('/today/pulse')).statusCode, 303);
  });

  test('a hat whose term ends within 30 days is on home, linking to its circle where a selection starts; not before', async () => {
    const t = await testApp(db());
    const { circleId, people } = await circleWith(t, ['full'], { name: 'Garden Circle' });
    const person = people[0] as { personId: string; email: string };
    const [secretary] = await t.database.db.select().from(hatDefinitions).where(and(eq(hatDefinitions.circleId, circleId), eq(hatDefinitions.role, 'secretary')));
    const { termEnd } = await run(t, system, assignHat, { hatId: (secretary as { id: string }).id, personId: person.personId });
    const c = new Client(t.app);
    await c.signIn(person.email);
    assert.ok(!todo((await c.get('/')).body).some((i) => i.kind === 'hat-term'), 'a term just begun is nothing to do');
    t.clock.set(zonedToUtc(termEnd, '09:00'));
    t.clock.advance(-10 * DAY);
    await c.signIn(person.email); // a year on, the session has expired
    const [item] = todo((await c.get('/')).body).filter((i) => i.kind === 'hat-term');
    assert.equal(item?.text, `Your term as Secretary ends ${dayHeading(termEnd)}`);
    assert.equal(item?.href, `/circles/${circleId}`);
    assert.match((await c.get(`/circles/${circleId}`)).body, /Start a selection/);
  });

  // Last: it moves the clock on.
  test("in the evening the MAR Holder is asked to record the doses due; the team's volunteer is not", async () => {
    const t = await demoApp();
    // 18:20 on the co-op's clock the same day: the 18:00 Metformin is due, not yet recorded.
    t.clock.set(new Date(zonedToUtc(wallClock(t.clock.now()).date, '18:20').getTime()));
    const sam = new Client(t.app);
    await sam.signIn('sam@demo.carecircles.org', PASSWORD);
    const doses = todo((await sam.get('/')).body).filter((i) => i.kind === 'doses');
    assert.equal(doses.length, 1);
    assert.match(doses[0]?.text ?? '', /Record a dose on Rose Pennington(&#39;|')s MAR/);
    const mar = await sam.get(doses[0]?.href as string);
    assert.equal(mar.statusCode, 200);
    assert.match(mar.body, /name="outcome"/);
    const priya = new Client(t.app);
    await priya.signIn('priya@demo.carecircles.org', PASSWORD);
    assert.ok(!todo((await priya.get('/')).body).some((i) => i.kind === 'doses'));
  });
});
