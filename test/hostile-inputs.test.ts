// Every route, fed random, oversized, malformed and script-laden input (writes in their bodies,
// reads in their query strings and paths): never a 5xx, nothing written when the input is
// refused, and no script echoed back unescaped. Every route Fastify answers is walked.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import type { Actor } from '../src/platform/authz.ts';
import { run } from '../src/platform/context.ts';
import type { Database } from '../src/platform/db.ts';
import { createApiToken } from '../src/modules/people/commands/api-tokens.ts';
import { draftProposal } from '../src/modules/decisions/commands/draft-proposal.ts';
import { recordLogbookEntry } from '../src/modules/circles/commands/record-logbook-entry.ts';
import { routeTable } from '../src/web/routing.ts';
import { Client, makePerson, testApp } from './support/app.ts';
import { circleWith } from './support/circles.ts';
import { describeEachDatabase } from './support/db.ts';
import { routesOutsideTable } from './support/routes.ts';

const SCRIPT = '<script>alert(1)</script>';
const fixed: unknown[] = ['', ' ', 'x'.repeat(100_000), SCRIPT, "'; DROP TABLE people; --", 'a\u0000b', '\u202e🙂\uffff', '-1', '1e309', 'NaN', '2026-02-30', '../../etc/passwd'];
const jsonOnly: unknown[] = [null, 12345, -1, true, [], ['a', 'b'], { nested: { deep: SCRIPT } }];

/** Row counts of every table in one round trip (bookkeeping tables excluded). */
async function snapshot(database: Database): Promise<string> {
  const tables = await database.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('rate_limit_hits') ORDER BY 1",
  );
  const rows = await database.query<Record<string, number>>(`SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t.name}") AS "${t.name}"`).join(', ')}`);
  return JSON.stringify(rows[0]);
}

function fieldsOf(body: z.ZodType | undefined): string[] {
  if (!body) return ['step', 'text', 'reason'];
  const schema = z.toJSONSchema(body, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  return Object.keys(schema.properties ?? {}).concat(['unexpected']);
}

describeEachDatabase('hostile input', (db) => {
  test('no 5xx, no write on refusal, no unescaped script, on every route: writes and reads', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId, people } = await circleWith(deps, ['full']);
    const me = people[0] as { personId: string; email: string; name: string };
    const actor: Actor = { personId: me.personId, name: me.name, isAdmin: false, via: 'session' };
    const { proposalId } = await run(deps, actor, draftProposal, { circleId, title: 'T', driver: 'D', text: 'X', reviewDate: '2027-01-01' });
    const { entryId } = await run(deps, actor, (ctx) => recordLogbookEntry(ctx, { circleId, kind: 'decision', title: 'E', text: 'E', authorId: null, reviewDate: null }), {});
    const { token } = await run(deps, actor, createApiToken, { label: 'hostile' });
    const ids: [RegExp, string][] = [[/^\/(api\/v1\/)?circles\/:id/, circleId], [/^\/(api\/v1\/)?proposals\/:id/, proposalId], [/^\/(api\/v1\/)?logbook\/:id/, entryId]];
    const fill = (url: string) => {
      for (const [pattern, id] of ids) if (pattern.test(url)) return url.replace(':id', id);
      return url.replace(/:(\w+)/g, () => randomUUID());
    };
    const client = new Client(t.app);
    await client.signIn(me.email);
    const csrf = await client.csrf('/me/profile');
    await makePerson(t);

    const generated = fc.sample(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 50 }), fc.constantFrom(...fixed)), { numRuns: 5, seed: 7 });
    // Every route Fastify answers is in the table walked below (static files apart).
    assert.deepEqual(routesOutsideTable(t.app), []);
    // Writes that end the session the rest of the test signs in with go last, sign-out the very last.
    const endsSession = ['/me/devices/:id/revoke', '/api/v1/me/sessions/:id', '/sign-out'];
    const last = (url: string) => endsSession.indexOf(url);
    const routes = routeTable(t.app).filter((r) => r.method !== 'GET').sort((a, b) => last(a.url) - last(b.url));
    const reads = routeTable(t.app).filter((r) => r.method === 'GET');
    let requests = 0;
    const problems: string[] = [];
    // Counting every table after every request is most of this test's time, so the counts are
    // taken again only when something may have been written: a row written (even one rolled
    // back) takes a transaction id, so while the next id to be given out stays the same,
    // nothing was written and the counts stand.
    const nextXid = async () => (await t.database.query<{ x: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x'))[0]?.x;
    let counted = { rows: await snapshot(t.database), xid: await nextXid() };
    const countIfWritten = async () => {
      const xid = await nextXid();
      if (xid !== counted.xid) counted = { rows: await snapshot(t.database), xid };
      return counted.rows;
    };
    const check = async (label: string, send: () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>) => {
      const before = await countIfWritten();
      const res = await send();
      requests += 1;
      if (res.statusCode >= 500) problems.push(`${label}: ${res.statusCode}`);
      if (res.statusCode >= 400 && (await countIfWritten()) !== before) problems.push(`${label}: refused with ${res.statusCode} but wrote`);
      if (String(res.headers['content-type'] ?? '').includes('text/html') && res.body.includes(SCRIPT)) problems.push(`${label}: script echoed unescaped`);
    };
    // Reads: every query parameter the app reads set to hostile values (rotating through the
    // fixed list, so across the routes each parameter meets each value), then the path's
    // parameters replaced by them. A live chat stream is opened on a circle nobody can see, so
    // it answers instead of staying open.
    const queryKeys = ['before', 'beforeId', 'after', 'week', 'month', 'date', 'from', 'to', 'limit', 'kind', 'state', 'payer', 'done', 'q', 'circle', 'team', 'owner', 'personId', 'parent', 'members', 'postcode', 'miles', 'next'];
    const asText = (i: number) => String(fixed[i % fixed.length]).slice(0, 2000);
    for (const [r, route] of reads.entries()) {
      const send = (url: string) => () => (route.kind === 'page' ? client.get(url) : t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }));
      const base = route.url.endsWith('/stream') ? route.url.replace(/:(\w+)/g, () => randomUUID()) : fill(route.url);
      for (let i = 0; i < 3; i++) {
        const query = new URLSearchParams(queryKeys.map((k, j) => [k, asText(r * 3 + i + j)])).toString();
        await check(`GET ${route.url} query ${JSON.stringify(asText(r * 3 + i)).slice(0, 30)}…`, send(`${base}?${query}`));
      }
      for (let i = 0; i < 2 && route.url.includes(':'); i++) {
        await check(`GET ${route.url} path ${JSON.stringify(asText(r * 2 + i)).slice(0, 30)}`, send(route.url.replace(/:(\w+)/g, () => encodeURIComponent(asText(r * 2 + i)))));
      }
    }
    for (const route of routes) {
      const url = fill(route.url);
      const fields = fieldsOf(route.body);
      for (const value of [...fixed, ...generated]) {
        const form = Object.fromEntries(fields.map((f) => [f, String(value)]));
        if (route.kind === 'page') {
          await check(`${route.method} ${route.url} form ${JSON.stringify(String(value)).slice(0, 30)}`, () => client.post(url, { ...form, _csrf: csrf }));
        } else {
          await check(`${route.method} ${route.url} json ${JSON.stringify(value).slice(0, 30)}`, () =>
            t.app.inject({ method: route.method, url, headers: { authorization: `Bearer ${token}` }, payload: Object.fromEntries(fields.map((f) => [f, value])) }));
        }
      }
      if (route.kind === 'api') {
        for (const value of jsonOnly) {
          await check(`${route.method} ${route.url} json ${JSON.stringify(value)}`, () =>
            t.app.inject({ method: route.method, url, headers: { authorization: `Bearer ${token}` }, payload: Object.fromEntries(fields.map((f) => [f, value])) }));
        }
        await check(`${route.method} ${route.url} malformed JSON`, () =>
          t.app.inject({ method: route.method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"a": ' }));
        await check(`${route.method} ${route.url} top-level array`, () =>
          t.app.inject({ method: route.method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '[1,2,3]' }));
      }
      await check(`${route.method} ${route.url} wrong content type`, () =>
        t.app.inject({ method: route.method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' }, payload: '<a/>' }));
      await check(`${route.method} ${route.url} over the body limit`, () =>
        t.app.inject({ method: route.method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ text: 'x'.repeat(300_000) }) }));
    }
    assert.deepEqual(problems, []);
    assert.ok(requests > routes.length * 17 + reads.length * 3, `sent ${requests} requests`);
    await t.app.close();
  });
});
