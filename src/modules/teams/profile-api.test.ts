// Profile writes through the API change only the sections named; GET gives the owner's side what
// the form shows (who reads each section); the OpenAPI document gives every write's body.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Client, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { run } from '../../platform/context.ts';
import { routeTable } from '../../web/routing.ts';
import { openSections, saveProfile } from './profile.ts';
import { supportProfiles } from './schema.ts';
import { teamCast } from './test-support.ts';

describeEachDatabase('the Getting Support Profile through the API', (db) => {
  test('a partial save leaves the other sections and their readers; GET shows who reads each; refusals change nothing', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    await run(c.deps, c.as.owner, saveProfile, {
      teamId: c.teamId,
      'about.text': 'Retired teacher.', 'about.visibility': 'team',
      'health.text': 'Tablets at 8.', 'health.visibility': 'chosen', 'health.chosen': [c.people.member.personId, c.people.advocate.personId],
    });
    // The words are stored sealed (ADR 0024): opened as the pages open them.
    const sections = async () => {
      const stored = (await t.database.db.select().from(supportProfiles).where(eq(supportProfiles.teamId, c.teamId)))[0]?.sections;
      return stored && (await openSections(t.database.db, stored));
    };
    const before = await sections();
    for (const who of ['member', 'volunteer', 'trial', 'removed', 'admin', 'leader', 'outsider'] as const) {
      const res = await c.clients[who].api('POST', `/api/v1/teams/${c.teamId}/profile`, { 'about.text': 'Hacked', 'about.visibility': 'me' });
      assert.equal(res.statusCode, ['member', 'volunteer'].includes(who) ? 403 : 404, who);
    }
    assert.deepEqual(await sections(), before, 'nothing changed');
    const saved = await c.clients.advocate.api('POST', `/api/v1/teams/${c.teamId}/profile`, { 'routines.text': 'Up at 7.30.', 'routines.visibility': 'team' });
    assert.equal(saved.statusCode, 200);
    const after = await sections();
    assert.deepEqual(after?.about, before?.about, 'about is untouched');
    assert.deepEqual(after?.health, before?.health, 'health keeps its words and its chosen readers');
    assert.equal(after?.routines?.text, 'Up at 7.30.');
    // The nested shape, and one field of a section: its text changes, its readers stay.
    assert.equal((await c.clients.owner.api('POST', `/api/v1/teams/${c.teamId}/profile`, { sections: { health: { text: 'Tablets at 8 and 6.' } } })).statusCode, 200);
    const health = (await sections())?.health;
    assert.equal(health?.text, 'Tablets at 8 and 6.');
    assert.deepEqual(health?.chosen, [c.people.member.personId, c.people.advocate.personId], 'the advocate may be chosen as a reader');
    assert.equal((await c.clients.owner.api('POST', `/api/v1/teams/${c.teamId}/profile`, {})).statusCode, 422, 'naming no section is refused');

    const read = (await c.clients.owner.api('GET', `/api/v1/teams/${c.teamId}/profile`)).json() as { sections: { key: string; visibility: string; chosen?: { personId: string; name: string }[] }[] };
    const h = read.sections.find((s) => s.key === 'health');
    assert.equal(h?.visibility, 'chosen');
    assert.deepEqual(h?.chosen?.map((p) => p.personId).sort(), [c.people.member.personId, c.people.advocate.personId].sort());
    const asMember = (await c.clients.member.api('GET', `/api/v1/teams/${c.teamId}/profile`)).json() as { sections: { key: string; chosen?: unknown }[] };
    assert.ok(asMember.sections.every((s) => s.chosen === undefined), 'a member is not shown who else reads a section');
  });

  test('every API write in the teams, care and circles modules documents its body; an API write without the CSRF header is told so', async () => {
    const t = await testApp(db());
    const mine = /^\/api\/v1\/(teams|care-logs|medicines|money|circles|notes|visits|team-joins)\b/;
    const missing = routeTable(t.app).filter((r) => r.kind === 'api' && r.method === 'POST' && mine.test(r.url) && !r.body).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, []);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    const profile = doc.paths['/api/v1/teams/{id}/profile']?.post?.requestBody?.content['application/json']?.schema.properties ?? {};
    assert.ok('about.text' in profile && 'health.chosen' in profile && 'sections' in profile, 'the profile body names its fields');

    const c = await teamCast(t);
    const session = new Client(t.app);
    await session.signIn(c.people.owner.email);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/teams/${c.teamId}/profile`, headers: { cookie: [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, payload: { 'about.text': 'x' } });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /x-csrf-token header/);
    assert.doesNotMatch(res.body, /form has expired/);
  });
});
