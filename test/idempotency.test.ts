// Idempotency keys on the JSON API (src/platform/idempotency.ts): every POST under /api/v1 takes
// an Idempotency-Key (credit transfers keep their own scheme); a retry with the key gets the
// first answer and changes nothing; the same key with another request is refused; keys belong
// to their sender; two sends at once make one thing.
import assert from 'node:assert/strict';
import { inArray } from 'drizzle-orm';
import { test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { logTeam, yesterday } from '../src/modules/care/logs/test-support.ts';
import { createApiToken } from '../src/modules/people/commands/api-tokens.ts';
import type { Actor } from '../src/platform/authz.ts';
import { run } from '../src/platform/context.ts';
import type { Database } from '../src/platform/db.ts';
import { KEEP_KEYS_MS } from '../src/platform/idempotency.ts';
import { enqueue, runOneJob } from '../src/platform/jobs.ts';
import { idempotencyKeys } from '../src/platform/schema.ts';
import { honoursIdempotencyKey, routeTable } from '../src/web/routing.ts';
import { testApp } from './support/app.ts';
import { describeEachDatabase } from './support/db.ts';

/** Row counts of every table: a retry must leave every one as it was. */
async function counts(database: Database): Promise<Record<string, number>> {
  const tables = await database.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('rate_limit_hits', '__drizzle_migrations') ORDER BY 1",
  );
  const rows = await database.query<Record<string, number>>(`SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t.name}") AS "${t.name}"`).join(', ')}`);
  return rows[0] as Record<string, number>;
}

const send = (app: FastifyInstance, token: string, url: string, body: unknown, key?: string): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, payload: JSON.stringify(body) });

describeEachDatabase('idempotency keys', (db) => {
  test('every JSON API POST takes the key: a malformed one is refused on every route, before anything runs', async () => {
    const t = await testApp(db());
    const team = await logTeam(t);
    const { token } = await run(t, team.actors.admin as Actor, createApiToken, { label: 'walk' });
    const posts = routeTable(t.app).filter((r) => r.kind === 'api' && r.method === 'POST');
    const ownKey = posts.filter((r) => !honoursIdempotencyKey(r));
    assert.ok(posts.length > 80, `the route table lists the API (${posts.length} POST routes)`);
    assert.deepEqual(ownKey.map((r) => r.url).filter((u) => !u.startsWith('/api/v1/credits/')), [], 'only credit transfers keep a key of their own');
    assert.deepEqual(ownKey.map((r) => r.url).sort(), ['/api/v1/credits/donations', '/api/v1/credits/earnings', '/api/v1/credits/gifts', '/api/v1/credits/pools/:id/payments', '/api/v1/credits/spends', '/api/v1/credits/transfers/:id/reverse'], 'every transfer answers its own retries (200, replayed: true), as before');
    const before = await counts(t.database);
    for (const r of posts.filter(honoursIdempotencyKey)) {
      const url = r.url.replace(/:id\b/g, team.teamId);
      const res = await send(t.app, token, url, {}, 'has a space');
      assert.equal(res.statusCode, 422, `${r.method} ${r.url}: ${res.body}`);
      assert.match((res.json() as { error: { fields: { idempotencyKey: string } } }).error.fields.idempotencyKey, /Idempotency-Key/);
    }
    assert.deepEqual(await counts(t.database), before, 'nothing written');
    await t.app.close();
  });

  test('creates in every kind of module, retried with their key: made once, the first answer returned; another body under the key is refused', async () => {
    const t = await testApp(db());
    const team = await logTeam(t);
    const token = async (who: 'volunteer' | 'owner') => (await run(t, team.actors[who], createApiToken, { label: 'retries' })).token;
    const volunteer = await token('volunteer');
    const owner = await token('owner');
    const reviewDate = new Date(t.clock.now().getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
    const creates: { name: string; token: string; url: string; body: Record<string, unknown>; other: Record<string, unknown> }[] = [
      { name: 'chat message', token: volunteer, url: `/api/v1/circles/${team.teamId}/chat/messages`, body: { body: 'Running late' }, other: { body: 'Running very late' } },
      { name: 'proposal', token: volunteer, url: `/api/v1/circles/${team.teamId}/proposals`, body: { title: 'Garden', driver: 'Weeds', text: 'Weed on Fridays', reviewDate }, other: { title: 'Garden', driver: 'Weeds', text: 'Weed on Mondays', reviewDate } },
      { name: 'care log', token: volunteer, url: `/api/v1/teams/${team.teamId}/care-logs`, body: { activity: 'Shopping', ...yesterday(t.clock) }, other: { activity: 'Shopping', ...yesterday(t.clock, 2) } },
      { name: 'care note', token: owner, url: `/api/v1/teams/${team.teamId}/notes`, body: { text: 'Likes tea at four' } },
      { name: 'API token (its answer is shown once)', token: owner, url: '/api/v1/me/tokens', body: { label: 'phone' } },
    ].map((c) => ({ other: { ...c.body, extra: 'changed' }, ...c }));
    for (const c of creates) {
      const key = `retry-${c.name.replace(/\W+/g, '-')}`;
      const before = await counts(t.database);
      const first = await send(t.app, c.token, c.url, c.body, key);
      assert.ok(first.statusCode >= 200 && first.statusCode < 300, `${c.name}: ${first.statusCode} ${first.body}`);
      const made = await counts(t.database);
      assert.notDeepEqual(made, before, `${c.name} made something`);
      const retry = await send(t.app, c.token, c.url, { ...c.body }, key);
      assert.deepEqual(await counts(t.database), made, `${c.name}: the retry made nothing`);
      if (c.url === '/api/v1/me/tokens') {
        assert.equal(retry.statusCode, 409, 'a secret is not kept to be shown again');
        assert.match(retry.body, /carried out already/);
      } else {
        assert.equal(retry.statusCode, first.statusCode, c.name);
        assert.equal(retry.body, first.body, `${c.name}: the first answer, as it was`);
        assert.equal(retry.headers['idempotent-replayed'], 'true');
      }
      const other = await send(t.app, c.token, c.url, c.other, key);
      assert.equal(other.statusCode, 422, `${c.name}: ${other.body}`);
      assert.match(other.body, /already used for a different request/);
      assert.deepEqual(await counts(t.database), made, `${c.name}: the refused request made nothing`);
    }
    // An action (not a create) is answered once too: presenting twice would otherwise be refused as already presented.
    const draft = await send(t.app, volunteer, `/api/v1/circles/${team.teamId}/proposals`, { title: 'Bins', driver: 'Smell', text: 'Wash them', reviewDate });
    const proposalId = (draft.json() as { proposalId: string }).proposalId;
    const present = await send(t.app, volunteer, `/api/v1/proposals/${proposalId}/step`, { step: 'present' }, 'present-once');
    assert.equal(present.statusCode, 200, present.body);
    assert.equal((await send(t.app, volunteer, `/api/v1/proposals/${proposalId}/step`, { step: 'present' }, 'present-once')).body, present.body);
    const again = await send(t.app, volunteer, `/api/v1/proposals/${proposalId}/step`, { step: 'present' });
    assert.ok(again.statusCode >= 400 && again.statusCode < 500, `without the key, presenting again is refused (${again.statusCode})`);
    await t.app.close();
  });

  test('keys belong to their sender; two sends of one key at once make one message', async () => {
    const t = await testApp(db());
    const team = await logTeam(t);
    const volunteer = (await run(t, team.actors.volunteer, createApiToken, { label: 'a' })).token;
    const owner = (await run(t, team.actors.owner, createApiToken, { label: 'b' })).token;
    const url = `/api/v1/circles/${team.teamId}/chat/messages`;
    const messages = async (body: string) =>
      (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_messages WHERE body = $1', [body]))[0]?.n;
    assert.equal((await send(t.app, volunteer, url, { body: 'Same key, two people' }, 'shared')).statusCode, 201);
    assert.equal((await send(t.app, owner, url, { body: 'Same key, two people' }, 'shared')).statusCode, 201, "another person's key is not mine");
    assert.equal(await messages('Same key, two people'), 2);

    for (let round = 0; round < 3; round++) {
      const body = { body: `At once ${round}` };
      const both = await Promise.all([send(t.app, volunteer, url, body, `once-${round}`), send(t.app, volunteer, url, body, `once-${round}`)]);
      const statuses = both.map((r) => r.statusCode).sort();
      assert.ok(statuses.every((s) => s === 201 || s === 409), `each is the answer or "in progress": ${statuses}`);
      assert.ok(statuses.includes(201));
      assert.equal(await messages(body.body), 1, 'made once');
      if (statuses[1] === 201) assert.equal(both[0]?.body, both[1]?.body, 'both got the one answer');
    }
    await t.app.close();
  });

  test('the hourly job prunes keys older than a week, and only those', async () => {
    const t = await testApp(db());
    const team = await logTeam(t);
    const now = t.clock.now();
    const row = (key: string, ageMs: number) => ({ actorId: team.cast.owner.personId, key, method: 'POST', path: '/api/v1/x', requestHash: 'h', status: 201, answer: '{}', createdAt: new Date(now.getTime() - ageMs) });
    await t.database.db.insert(idempotencyKeys).values([row('old', KEEP_KEYS_MS + 60_000), row('recent', KEEP_KEYS_MS - 60_000)]);
    await t.database.db.transaction((tx) => enqueue(tx, { kind: 'platform.prune-idempotency-keys', runAt: now }));
    while (await runOneJob(t.database, t.clock));
    const left = await t.database.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(inArray(idempotencyKeys.key, ['old', 'recent']));
    assert.deepEqual(left.map((r) => r.key), ['recent']);
    await t.app.close();
  });
});
