import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshPglite } from '../../test/support/db.ts';
import { testApp, type TestApp } from '../../test/support/app.ts';
import { securityHeaders, helmetOptions } from './security-headers.ts';

describe('security headers', () => {
  let plain: TestApp;
  let secure: TestApp;
  before(async () => {
    plain = await testApp(await freshPglite());
    secure = await testApp(await freshPglite(), { BASE_URL: 'https://care.example.org' });
  });
  after(async () => {
    for (const t of [plain, secure]) {
      await t.app.close();
      await t.database.close();
    }
  });

  test('helmet gives the headers worked out once: the policy, no sniffing, no framing', () => {
    const headers = new Map(securityHeaders(helmetOptions(false)));
    assert.equal(
      headers.get('content-security-policy'),
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none';object-src 'none'",
    );
    assert.equal(headers.get('x-content-type-options'), 'nosniff');
    assert.equal(headers.get('referrer-policy'), 'same-origin');
    assert.equal(headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(headers.has('strict-transport-security'), false, 'no HSTS over plain http');
    assert.equal(headers.has('cross-origin-embedder-policy'), false);
  });

  test('pages, static files, errors and missing pages all carry them', async () => {
    for (const url of ['/sign-in', '/static/app.css', '/no-such-page', '/home']) {
      const res = await plain.app.inject({ method: 'GET', url });
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'/, url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
    }
    const refused = await plain.app.inject({ method: 'POST', url: '/sign-in', payload: { email: 'x' } });
    assert.equal(refused.statusCode, 403, 'no CSRF token');
    assert.equal(refused.headers['referrer-policy'], 'same-origin');
  });

  test('over https the site asks for https from then on and upgrades requests', async () => {
    const res = await secure.app.inject({ method: 'GET', url: '/sign-in' });
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.match(String(res.headers['content-security-policy']), /upgrade-insecure-requests/);
  });
});
