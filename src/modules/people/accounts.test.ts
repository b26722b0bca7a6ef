import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MINUTE, DAY } from '../../platform/clock.ts';
import { Client, PASSWORD, makePerson, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';

const linkIn = (body: string, path: string) => new RegExp(`http://localhost:3000(${path}/[A-Za-z0-9_-]+)`).exec(body)?.[1] as string;
const lastMail = async (t: { database: { query: <T>(q: string) => Promise<T[]> } }) =>
  (await t.database.query<{ to_address: string; body: string }>('SELECT to_address, body FROM outbox ORDER BY created_at DESC LIMIT 1'))[0];

describeEachDatabase('accounts', (db) => {
  test('sign in sets an HttpOnly SameSite cookie; a POST without its CSRF token is refused; sign out ends the session', async () => {
    const t = await testApp(db());
    const p = await makePerson(t);
    const c = new Client(t.app);
    const res = await c.signIn(p.email);
    assert.equal(res.statusCode, 303);
    const cookie = res.cookies.find((k) => k.name === 'cc_session');
    assert.ok(cookie?.httpOnly && cookie.sameSite === 'Lax', 'session cookie is HttpOnly and SameSite=Lax');
    assert.equal((await c.get('/')).statusCode, 200);
    const noToken = await c.post('/me/profile', { name: 'Changed', preferredChannel: 'email', language: 'en' });
    assert.equal(noToken.statusCode, 403);
    assert.doesNotMatch((await c.get('/me/profile')).body, /Changed/);
    await c.submit('/', {}, '/sign-out');
    assert.equal((await c.get('/')).statusCode, 303);
    await t.app.close();
  });

  test('over HTTPS the cookie is __Host- and Secure', async () => {
    const t = await testApp(db(), { BASE_URL: 'https://care.example.org' });
    const p = await makePerson(t);
    const res = await new Client(t.app).signIn(p.email);
    const cookie = res.cookies.find((k) => k.name === '__Host-cc_session');
    assert.ok(cookie?.secure && cookie.httpOnly && cookie.path === '/');
    await t.app.close();
  });

  test('wrong passwords are rate limited per address, even then for the right one, until the window passes', async () => {
    const t = await testApp(db());
    const p = await makePerson(t);
    const c = new Client(t.app);
    for (let i = 0; i < 5; i++) {
      const res = await c.signIn(p.email, 'wrong password');
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /The email address or password is not right/);
    }
    for (let i = 0; i < 5; i++) assert.equal((await c.signIn(p.email, 'wrong password')).statusCode, 429);
    assert.equal((await c.signIn(p.email, PASSWORD)).statusCode, 429);
    t.clock.advance(16 * MINUTE);
    assert.equal((await c.signIn(p.email, PASSWORD)).statusCode, 303);
    await t.app.close();
  });

  test('an invitation link works once and expires; only admins invite', async () => {
    const t = await testApp(db());
    const admin = await makePerson(t, { admin: true });
    const member = await makePerson(t);
    const a = new Client(t.app);
    await a.signIn(admin.email);
    assert.equal((await a.submit('/invitations', { name: 'Nia', email: 'nia@example.org' })).statusCode, 303);
    const mail = await lastMail(t);
    assert.equal(mail?.to_address, 'nia@example.org');
    const link = linkIn(mail?.body ?? '', '/join');
    const n = new Client(t.app);
    const short = await n.submit(link, { name: 'Nia', password: 'short', confirmPassword: 'short' });
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /at least 10 characters/);
    assert.equal((await n.submit(link, { name: 'Nia Jones', password: 'a long enough one', confirmPassword: 'a long enough one' })).statusCode, 303);
    assert.match((await n.get('/me/profile')).body, /Nia Jones/);
    assert.equal((await new Client(t.app).get(link)).statusCode, 404, 'single use');

    await a.submit('/invitations', { name: 'Late', email: 'late@example.org' });
    const late = linkIn((await lastMail(t))?.body ?? '', '/join');
    t.clock.advance(15 * DAY);
    assert.equal((await new Client(t.app).get(late)).statusCode, 404, 'expired');

    const m = new Client(t.app);
    await m.signIn(member.email);
    assert.equal((await m.submit('/me/profile', { email: 'x@example.org', name: 'X' }, '/invitations')).statusCode, 403);
    await t.app.close();
  });

  test('password reset: same answer for unknown addresses; the link changes the password once and signs out every device', async () => {
    const t = await testApp(db());
    const p = await makePerson(t);
    const before = (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox'))[0]?.n;
    const unknown = await new Client(t.app).submit('/forgot-password', { email: 'nobody@example.org' });
    assert.equal((await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox'))[0]?.n, before);
    const device = new Client(t.app);
    await device.signIn(p.email);
    const known = await new Client(t.app).submit('/forgot-password', { email: p.email });
    assert.equal(known.body.replace(/name="_csrf" value="[^"]+"/g, ''), unknown.body.replace(/name="_csrf" value="[^"]+"/g, ''));
    const link = linkIn((await lastMail(t))?.body ?? '', '/reset-password');
    const c = new Client(t.app);
    assert.equal((await c.submit(link, { password: 'a brand new password', confirmPassword: 'a brand new password' })).statusCode, 200);
    assert.equal((await device.get('/')).statusCode, 303, 'existing sessions were signed out');
    assert.equal((await c.signIn(p.email, PASSWORD)).statusCode, 422);
    assert.equal((await c.signIn(p.email, 'a brand new password')).statusCode, 303);
    assert.equal((await new Client(t.app).get(link)).statusCode, 404, 'the link works once');
    await t.app.close();
  });

  test('devices can be signed out from another device; nobody can revoke someone else\'s', async () => {
    const t = await testApp(db());
    const p = await makePerson(t);
    const other = await makePerson(t);
    const phone = new Client(t.app);
    const laptop = new Client(t.app);
    await phone.signIn(p.email);
    await laptop.signIn(p.email);
    const page = await laptop.get('/me/devices');
    const ids = [...page.body.matchAll(/\/me\/devices\/([0-9a-f-]{36})\/revoke/g)].map((m) => m[1] as string);
    assert.equal(ids.length, 2);
    const o = new Client(t.app);
    await o.signIn(other.email);
    for (const id of ids) assert.equal((await o.submit('/me/devices', {}, `/me/devices/${id}/revoke`)).statusCode, 404);
    // The laptop's page marks its own row; sign out the other one.
    const rows = page.body.split('<tr').slice(1);
    const phoneId = ids.find((id) => rows.some((r) => r.includes(id) && !r.includes('(this device)'))) as string;
    const revoked = await laptop.submit('/me/devices', {}, `/me/devices/${phoneId}/revoke`);
    assert.equal(revoked.headers.location, '/me/devices');
    const phoneState = (await phone.get('/')).statusCode;
    const laptopState = (await laptop.get('/')).statusCode;
    assert.deepEqual([phoneState, laptopState], [303, 200], 'the phone was signed out, the laptop was not');
    await t.app.close();
  });

  test('API tokens: made, used as Bearer, revoked; the profile form keeps input and shows errors beside fields', async () => {
    const t = await testApp(db());
    const p = await makePerson(t);
    const c = new Client(t.app);
    await c.signIn(p.email);
    const made = await c.submit('/me/tokens', { label: 'calendar' });
    assert.equal(made.statusCode, 201);
    const token = /<code>(cc_[A-Za-z0-9_-]+)<\/code>/.exec(made.body)?.[1] as string;
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.json().person.email, p.email);
    assert.equal(me.json().person.passwordHash, undefined);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { authorization: `Bearer ${token}` }, payload: { name: '', preferredChannel: 'pigeon', language: 'en' } });
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.json().error.fields.name && bad.json().error.fields.preferredChannel);
    const page = await c.submit('/me/profile', { name: 'Kept Name', phone: 'call me maybe', preferredChannel: 'email', language: 'en' });
    assert.equal(page.statusCode, 422);
    assert.match(page.body, /value="Kept Name"/);
    assert.match(page.body, /id="field-phone-error"/);
    const id = /\/me\/tokens\/([0-9a-f-]{36})\/revoke/.exec((await c.get('/me/tokens')).body)?.[1] as string;
    await c.submit('/me/tokens', {}, `/me/tokens/${id}/revoke`);
    assert.equal((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
    const doc = await t.app.inject({ url: '/api/v1/openapi.json' });
    assert.ok(doc.json().paths['/api/v1/me'].get);
    await t.app.close();
  });
});
