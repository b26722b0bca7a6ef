// The authorisation matrix: every registered route, every role. A route whose action has no
// row here fails, so nobody can add a route without deciding who may use it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { createApiToken } from '../src/modules/people/commands/api-tokens.ts';
import { run } from '../src/platform/context.ts';
import { routeTable } from '../src/web/routing.ts';
import { Client, makePerson, testApp } from './support/app.ts';
import { describeEachDatabase } from './support/db.ts';
import { routesOutsideTable } from './support/routes.ts';

type Role = 'anonymous' | 'member' | 'admin';

/**
 * Who passes each action's gate, decided here independently of the code. `policy` names the
 * roles the command itself then refuses with 403 (its finer rule), where that is certain
 * whatever the resource.
 */
const matrix: Record<string, { gate: Role[]; policyRefuses?: Role[] }> = {
  'people.sign-in': { gate: ['anonymous', 'member', 'admin'] },
  'people.reset-password': { gate: ['anonymous', 'member', 'admin'] },
  'people.accept-invitation': { gate: ['anonymous', 'member', 'admin'] },
  'people.sign-out': { gate: ['member', 'admin'] },
  'people.home': { gate: ['member', 'admin'] },
  'people.self.view': { gate: ['member', 'admin'] },
  'people.self.edit': { gate: ['member', 'admin'] },
  'people.invite': { gate: ['member', 'admin'], policyRefuses: ['member'] },
  'platform.outbox.read': { gate: ['admin'] },
  'platform.notifications': { gate: ['member', 'admin'] },
  'platform.openapi': { gate: ['anonymous', 'member', 'admin'] },
  'platform.places': { gate: ['member', 'admin'] },
  'platform.places.admin': { gate: ['admin'] },
  'circles.view': { gate: ['member', 'admin'] },
  'circles.manage': { gate: ['member', 'admin'] },
  'circles.leave': { gate: ['member', 'admin'] },
  'logbook.read': { gate: ['member', 'admin'] },
  'logbook.review': { gate: ['member', 'admin'] },
  'decisions.view': { gate: ['member', 'admin'] },
  'decisions.propose': { gate: ['member', 'admin'] },
  'decisions.steer': { gate: ['member', 'admin'] },
  'decisions.take-part': { gate: ['member', 'admin'] },
  'decisions.appeal': { gate: ['member', 'admin'] },
  'circles.select': { gate: ['member', 'admin'] },
  'circles.meetings': { gate: ['member', 'admin'] },
  'membership.self': { gate: ['member', 'admin'] },
  'membership.secretary': { gate: ['member', 'admin'], policyRefuses: ['member'] },
  'credits.view': { gate: ['member', 'admin'] },
  'credits.transfer': { gate: ['member', 'admin'] },
  'credits.pools.run': { gate: ['member', 'admin'] },
  'credits.issue': { gate: ['admin'] },
  'concerns.view': { gate: ['member', 'admin'] },
  'concerns.raise': { gate: ['member', 'admin'] },
  'concerns.handle': { gate: ['member', 'admin'] },
  'conflicts.step': { gate: ['member', 'admin'] },
  'chat.read': { gate: ['member', 'admin'] },
  'chat.post': { gate: ['member', 'admin'] },
  'teams.view': { gate: ['member', 'admin'] },
  'teams.join': { gate: ['member', 'admin'] },
  'teams.manage': { gate: ['member', 'admin'] },
  'matching.profile.own': { gate: ['member', 'admin'] },
  'matching.profile.view': { gate: ['member', 'admin'] },
  'matching.search': { gate: ['member', 'admin'], policyRefuses: ['member'] },
  'matching.team': { gate: ['member', 'admin'] },
  'matching.call-outs': { gate: ['member', 'admin'] },
  // Enquiries: the gate lets any signed-in person ask; the circle's Team Starters and Coaches
  // (and the person it is for) see one, everyone else, admins included, gets 404.
  'starter.view': { gate: ['member', 'admin'] },
  'starter.run': { gate: ['member', 'admin'] },
  // Care: every route needs a signed-in person but the calendar feed, whose secret token is the
  // credential; the command then checks the team (not found to outsiders, admins included).
  'care.visits.view': { gate: ['member', 'admin'] },
  'care.visits.book': { gate: ['member', 'admin'] },
  'care.calendar.feed': { gate: ['anonymous', 'member', 'admin'] },
  'care.calendar.manage': { gate: ['member', 'admin'] },
  'care.logs.view': { gate: ['member', 'admin'] },
  'care.logs.record': { gate: ['member', 'admin'] },
  'care.logs.resolve': { gate: ['member', 'admin'] },
  'care.notes.read': { gate: ['member', 'admin'] },
  'care.notes.write': { gate: ['member', 'admin'] },
  'care.mar.view': { gate: ['member', 'admin'] },
  'care.mar.record': { gate: ['member', 'admin'] },
  'care.records.access': { gate: ['member', 'admin'] },
  'care.money.view': { gate: ['member', 'admin'] },
  'care.money.manage': { gate: ['member', 'admin'] },
  // Surveys: any signed-in person passes the gate; the round's circle, its decision and the
  // invitation decide the rest (not found to people outside a team's round, admins included).
  'survey.view': { gate: ['member', 'admin'] },
  'survey.answer': { gate: ['member', 'admin'] },
  'survey.run': { gate: ['member', 'admin'] },
  // The subject-access export: anyone signed in, about themselves (or the owner they are advocate for).
  'privacy.export': { gate: ['member', 'admin'] },
};

const fill = (url: string) => url.replace(/:id\b/g, randomUUID()).replace(/:token\b/g, 'not-a-real-token').replace(/:(\w+)/g, () => randomUUID());

describeEachDatabase('authorisation matrix', (db) => {
  test('every route has a row, and every role meets the gate the row says', async () => {
    const t = await testApp(db());
    const member = await makePerson(t);
    const admin = await makePerson(t, { admin: true });
    // The table is every route Fastify answers (static files apart): none escapes the matrix.
    assert.deepEqual(routesOutsideTable(t.app), []);
    const routes = routeTable(t.app);
    const missing = routes.filter((r) => !matrix[r.action]).map((r) => `route ${r.method} ${r.url} has action ${r.action} with no entry in the authorisation matrix`);
    assert.deepEqual(missing, []);

    const clients: Record<Role, Client> = { anonymous: new Client(t.app), member: new Client(t.app), admin: new Client(t.app) };
    await clients.member.signIn(member.email);
    await clients.admin.signIn(admin.email);
    const csrf: Record<Role, string> = {
      anonymous: await clients.anonymous.csrf('/sign-in'),
      member: await clients.member.csrf('/me/profile'),
      admin: await clients.admin.csrf('/me/profile'),
    };
    const tokens: Partial<Record<Role, string>> = {
      member: (await run(t, { personId: member.personId, name: 'm', isAdmin: false, via: 'session' }, createApiToken, { label: 'matrix' })).token,
      admin: (await run(t, { personId: admin.personId, name: 'a', isAdmin: true, via: 'session' }, createApiToken, { label: 'matrix' })).token,
    };

    const problems: string[] = [];
    for (const route of routes) {
      // Signing out would end the session the rest of the test needs; it is checked last.
      if (route.url === '/sign-out') continue;
      const row = matrix[route.action];
      if (!row) continue;
      for (const role of ['anonymous', 'member', 'admin'] as Role[]) {
        const url = fill(route.url);
        const client = clients[role];
        let res;
        if (route.kind === 'api') {
          const token = tokens[role];
          res = await t.app.inject({
            method: route.method,
            url,
            headers: token ? { authorization: `Bearer ${token}` } : {},
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
          });
        } else if (route.method === 'GET') {
          res = await client.get(url);
        } else {
          res = await client.post(url, { _csrf: csrf[role] });
        }
        const s = res.statusCode;
        const where = `${route.method} ${route.url} as ${role}`;
        if (s >= 500) problems.push(`${where}: server error ${s}`);
        if (row.gate.includes(role)) {
          if (s === 401) problems.push(`${where}: refused as not signed in`);
          if (role === 'admin' && s === 403) problems.push(`${where}: admin refused`);
          if (row.policyRefuses?.includes(role) && s !== 403) problems.push(`${where}: expected the command to refuse with 403, got ${s}`);
        } else if (role === 'anonymous') {
          const sentToSignIn = route.kind === 'page' && route.method === 'GET' && s === 303 && String(res.headers.location).startsWith('/sign-in');
          if (!sentToSignIn && s !== 401) problems.push(`${where}: expected sign-in to be required, got ${s}`);
        } else if (s !== 403) {
          problems.push(`${where}: expected 403, got ${s}`);
        }
      }
    }
    assert.deepEqual(problems, []);

    // Every page form is refused without its CSRF token.
    for (const route of routes.filter((r) => r.kind === 'page' && r.method !== 'GET')) {
      const res = await clients.member.post(fill(route.url), {});
      assert.equal(res.statusCode, 403, `${route.method} ${route.url} accepted a POST without a CSRF token`);
    }
    const out = await clients.member.post('/sign-out', { _csrf: csrf.member });
    assert.equal(out.statusCode, 303);
    assert.equal((await clients.member.get('/')).statusCode, 303, 'signed out');
    await t.app.close();
  });
});
