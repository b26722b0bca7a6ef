// Two `carecircles serve` processes on one PostgreSQL behave as one: a session made on one
// works (and ends) on the other, due jobs run once each with both instances taking part, chat
// posted through one reaches streams on both exactly once and in order, and changes made
// through one (joining, leaving) show live on the other.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { scheduleMeeting } from '../src/modules/circles/meetings/commands.ts';
import { type SseStream, openSse } from '../src/modules/chat/sse-client.ts';
import { createApiToken } from '../src/modules/people/commands/api-tokens.ts';
import { FakeClock } from '../src/platform/clock.ts';
import { run } from '../src/platform/context.ts';
import type { Database } from '../src/platform/db.ts';
import { PASSWORD, makePerson } from './support/app.ts';
import { actorOf, circleWith } from './support/circles.ts';
import { freshPostgres } from './support/db.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL: two instances share one PostgreSQL (PGlite belongs to one process)';

/** A browser's cookie jar over fetch: the same cookies go to either instance, as behind a load balancer. */
class Browser {
  cookies = new Map<string, string>();
  header = () => [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; location: string | null; body: string }> {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: this.header(), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const gone = value === '' || attributes.some((a) => /^\s*max-age=0$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  async csrf(url: string): Promise<string> {
    const page = await this.request(url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no form token on ${url} (${page.status})`);
    return token;
  }
}

async function api(base: string, path: string, token: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const messageIds = (s: SseStream) => s.events.filter((e) => e.event === 'message').map((e) => e.id);
const bodies = (s: SseStream) => s.events.filter((e) => e.event === 'message').map((e) => (JSON.parse(e.data) as { body: string }).body);
const until = async (what: string, done: () => boolean | Promise<boolean>, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('two instances on one PostgreSQL', { skip }, () => {
  let database: Database;
  let a: ServerProcess;
  let b: ServerProcess;
  let circleId: string;
  let people: { personId: string; email: string; name: string }[];
  const person = (i: number) => {
    const p = people[i];
    if (!p) throw new Error(`no person ${i}`);
    return p;
  };
  const tokens: string[] = [];
  const meetingIds: string[] = [];
  const streams: SseStream[] = [];
  // Everything set up here happened a minute ago, by the servers' (real) clock.
  const clock = new FakeClock(new Date(Date.now() - 60_000));

  before(async () => {
    database = await freshPostgres(process.env.TEST_DATABASE_URL as string);
    const env = { DATABASE_URL: (database as Database & { url: string }).url };
    // The servers take seconds to start: set the people up meanwhile.
    const servers = Promise.all([startServerProcess(env), startServerProcess(env)]);
    const deps = { database, clock };
    ({ circleId, people } = await circleWith(deps, ['full', 'full', 'full'], { name: 'Halifax' }));
    people.push(await makePerson(deps, { name: 'Cai Newcomer' }));
    for (const p of people) tokens.push((await run(deps, actorOf(p), createApiToken, { label: 'two instances' })).token);
    // Meetings in two days: each queues its reminder for a day before (the jobs test brings them due).
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16);
    for (let i = 0; i < 40; i++) meetingIds.push((await run(deps, actorOf(person(0)), scheduleMeeting, { circleId, startsAt: inTwoDays, place: `Room ${i}` })).meetingId);
    [a, b] = await servers;
  });

  after(async () => {
    for (const s of streams) s.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
  });

  test('a session made on A works on B, and signing out on B ends it on A', async () => {
    const ann = person(0);
    const browser = new Browser();
    const signedIn = await browser.request(`${a.base}/sign-in`, { method: 'POST', form: { email: ann.email, password: PASSWORD, _csrf: await browser.csrf(`${a.base}/sign-in`) } });
    assert.equal(signedIn.status, 303, 'signed in on A');
    assert.ok(browser.cookies.has('cc_session'));
    const onB = await browser.request(`${b.base}/me/profile`);
    assert.equal(onB.status, 200, 'the cookie made on A is a session on B');
    assert.ok(onB.body.includes(`value="${ann.name}"`), 'as the same person');
    assert.equal((await new Browser().request(`${b.base}/chat`)).status, 303, 'without it, B sends you to sign in');

    const copied = browser.header();
    // The form token comes from A's page and is checked by B: both sign with the same secret.
    const out = await browser.request(`${b.base}/sign-out`, { method: 'POST', form: { _csrf: await browser.csrf(`${a.base}/chat`) } });
    assert.equal(out.status, 303, 'signed out on B');
    const stale = await fetch(`${a.base}/chat`, { redirect: 'manual', headers: { cookie: copied } });
    assert.equal(stale.status, 303, 'the same cookie, still held by another tab, no longer works on A');
    assert.match(stale.headers.get('location') ?? '', /^\/sign-in/);
  });

  test('due jobs run exactly once each, with both instances taking part', async () => {
    // Each reminder is queued for a day before its meeting. Bring them all due, a few
    // hundredths of a second apart over two seconds (as reminders fall due through a day), so
    // each instance's runner, polling every second, finds work while the other is busy too.
    await database.query(`
      UPDATE jobs SET run_at = clock_timestamp() + (n * interval '50 milliseconds')
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM jobs WHERE kind = 'meeting.remind') due
      WHERE jobs.id = due.id`);
    await until('every reminder to run', async () => {
      const [left] = await database.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE kind = 'meeting.remind' AND status <> 'done'");
      return left?.n === 0;
    });
    const reminders = await database.query<{ href: string; n: number }>(`
      SELECT href, count(*)::int AS n FROM notifications WHERE text LIKE 'Reminder: your circle meets%' GROUP BY href`);
    assert.deepEqual(new Set(reminders.map((r) => r.href)), new Set(meetingIds.map((id) => `/meetings/${id}`)), 'every meeting was reminded');
    const members = 3; // the circle's full participants; Cai has not joined yet
    assert.deepEqual(reminders.filter((r) => r.n !== members), [], `each reminder reached the ${members} members once`);
    const runs = await database.query<{ locked_by: string; attempts: number; n: number }>(`
      SELECT locked_by, attempts, count(*)::int AS n FROM jobs WHERE kind = 'meeting.remind' GROUP BY locked_by, attempts`);
    assert.ok(runs.every((r) => r.attempts === 1), `each job was run once: ${JSON.stringify(runs)}`);
    const ranBy = (pid: number | undefined) => runs.filter((r) => r.locked_by === `${hostname()}:${pid}`).reduce((n, r) => n + r.n, 0);
    console.log(`  reminders run by A: ${ranBy(a.child.pid)}, by B: ${ranBy(b.child.pid)}`);
    const runners = new Set(runs.map((r) => r.locked_by));
    assert.deepEqual(runners, new Set([`${hostname()}:${a.child.pid}`, `${hostname()}:${b.child.pid}`]), `both instances ran some: ${JSON.stringify(runs)}`);
  });

  test('chat posted through either instance reaches streams on both, once each and in order', async () => {
    const [ann, bea] = tokens as [string, string];
    const stream = async (base: string, token: string) => {
      const s = await openSse(`${base}/circles/${circleId}/chat/stream`, { authorization: `Bearer ${token}` });
      assert.equal(s.status, 200);
      streams.push(s);
      return s;
    };
    const open = [await stream(a.base, ann), await stream(b.base, ann), await stream(a.base, bea), await stream(b.base, bea)];
    const posted: string[] = [];
    for (let i = 0; i < 6; i++) {
      const [base, token] = i % 2 === 0 ? [a.base, ann] : [b.base, bea];
      const sent = await api(base, `/api/v1/circles/${circleId}/chat/messages`, token, { body: `message ${i}` });
      assert.equal(sent.status, 201);
      posted.push((sent.json.message as { id: string }).id);
    }
    await until('every stream to have the six messages', () => open.every((s) => messageIds(s).length >= posted.length));
    // A duplicate would arrive right behind the original; give it the time to.
    await new Promise((r) => setTimeout(r, 300));
    for (const s of open) assert.deepEqual(messageIds(s), posted, 'each message once, in the order posted');
    for (const s of open) s.close();
  });

  test('joining and leaving through A show live on B, and the leaver’s stream on B ends', async () => {
    const [ann, bea, , cai] = tokens as [string, string, string, string];
    const cathy = person(3);
    const beaOnB = await openSse(`${b.base}/circles/${circleId}/chat/stream`, { authorization: `Bearer ${bea}` });
    streams.push(beaOnB);
    assert.equal((await api(a.base, `/api/v1/circles/${circleId}/members`, ann, { email: cathy.email, participation: 'full' })).status, 201);
    await beaOnB.waitFor((e) => e.event === 'message' && e.data.includes(`${cathy.name} joined`), 10_000);

    const caiOnB = await openSse(`${b.base}/circles/${circleId}/chat/stream`, { authorization: `Bearer ${cai}` });
    streams.push(caiOnB);
    assert.equal(caiOnB.status, 200, 'the newcomer may now read the chat on B');
    assert.equal((await api(a.base, `/api/v1/circles/${circleId}/leave`, cai, {})).status, 204);
    await beaOnB.waitFor((e) => e.event === 'message' && e.data.includes(`${cathy.name} left`), 10_000);
    await caiOnB.waitFor((e) => e.event === 'closed', 10_000);
    await caiOnB.ended;
    assert.deepEqual(bodies(beaOnB), [`${cathy.name} joined`, `${cathy.name} left`]);
    const again = await openSse(`${b.base}/circles/${circleId}/chat/stream`, { authorization: `Bearer ${cai}` });
    assert.notEqual(again.status, 200, 'and B refuses the reconnect');
    again.close();
  });
});
