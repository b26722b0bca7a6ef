import { eq } from 'drizzle-orm';
import { createApiToken } from '../../people/commands/api-tokens.ts';
import { people } from '../../people/schema.ts';
import type { Actor } from '../../../platform/authz.ts';
import { run } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { teamJoins } from '../../teams/schema.ts';
import { Client, makePerson, type TestApp } from '../../../../test/support/app.ts';
import { actorOf } from '../../../../test/support/circles.ts';
import { teamWith } from '../../../../test/support/teams.ts';

/** A one-pixel PNG: the smallest real receipt. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** A multipart form body, as a browser sends it. */
export function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = `----cc${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="receipt"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A team with two paid workers and a volunteer (joined as such), an outsider and an admin, each with an API token. */
export async function moneyTeam(t: TestApp) {
  const deps = { database: t.database, clock: t.clock };
  const { teamId, owner, ownerEmail, members } = await teamWith(deps, 3);
  const [worker, worker2, volunteer] = members as [Actor, Actor, Actor];
  for (const [m, kind] of [[worker, 'paid'], [worker2, 'paid'], [volunteer, 'volunteer']] as const) {
    await t.database.db.insert(teamJoins).values({ id: newId(), teamId, personId: m.personId, route: 'invite', state: 'joined', supporterKind: kind, startedBy: owner.personId, createdAt: t.clock.now(), updatedAt: t.clock.now() });
  }
  const outsider = await makePerson(t);
  const admin = await makePerson(t, { admin: true });
  const token = async (a: { personId: string; name: string }, isAdmin = false) => (await run(deps, { ...actorOf(a), isAdmin }, createApiToken, { label: 'test' })).token;
  const tokens = { owner: await token(owner), worker: await token(worker), worker2: await token(worker2), volunteer: await token(volunteer), outsider: await token(outsider), admin: await token(admin, true) };
  const api = async (who: keyof typeof tokens, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(method === 'POST' ? { payload: (payload ?? {}) as object } : {}) });
    return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body, res };
  };
  const emailOf = async (a: Actor) => (await t.database.db.select({ email: people.email }).from(people).where(eq(people.id, a.personId)))[0]?.email as string;
  const signedIn = async (email: string) => {
    const c = new Client(t.app);
    await c.signIn(email);
    return c;
  };
  return { deps, teamId, owner, ownerEmail, worker, worker2, volunteer, outsider, admin, tokens, api, emailOf, signedIn };
}

/** POST a multipart form with the client's cookies (a browser's file upload). */
export async function postMultipart(t: TestApp, client: Client, url: string, body: ReturnType<typeof multipart>) {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({ method: 'POST', url, headers: { ...body.headers, cookie }, payload: body.payload });
}
