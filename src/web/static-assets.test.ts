import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { testApp, type TestApp } from '../../test/support/app.ts';
import { freshPglite } from '../../test/support/db.ts';
import { pickEncoding } from './static-assets.ts';

const pico = readFileSync(new URL('../../node_modules/@picocss/pico/css/pico.min.css', import.meta.url));

test('pickEncoding: brotli when taken, else gzip, honouring q=0 and *', () => {
  assert.equal(pickEncoding('gzip, deflate, br, zstd'), 'br');
  assert.equal(pickEncoding('gzip, deflate'), 'gzip');
  assert.equal(pickEncoding('br;q=0, gzip'), 'gzip');
  assert.equal(pickEncoding('br;q=0.5, gzip;q=0.9'), 'gzip');
  assert.equal(pickEncoding('*'), 'br');
  assert.equal(pickEncoding('*;q=0, gzip;q=0'), null);
  assert.equal(pickEncoding('identity'), null);
  assert.equal(pickEncoding(undefined), null);
});

describe('static files and compressed pages', () => {
  let t: TestApp;
  before(async () => (t = await testApp(await freshPglite())));
  after(async () => {
    await t.app.close();
    await t.database.close();
  });
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  test("Pico's stylesheet comes as brotli or gzip, the same bytes once decoded, with a tag to revalidate by", async () => {
    const br = await get('/static/pico.min.css', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(br.headers['cache-control'], 'public, max-age=86400');
    assert.equal(br.headers.vary, 'accept-encoding');
    assert.ok(br.rawPayload.length < pico.length / 6, `${br.rawPayload.length} bytes`);
    assert.deepEqual(brotliDecompressSync(br.rawPayload), pico);

    const gz = await get('/static/pico.min.css', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.rawPayload), pico);

    const plain = await get('/static/pico.min.css');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.rawPayload, pico);

    const etag = br.headers.etag as string;
    assert.equal(gz.headers.etag, etag);
    const again = await get('/static/pico.min.css', { 'accept-encoding': 'br', 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.rawPayload.length, 0);
  });

  test('only the two font files the stylesheet names are served, as they are, kept a month', async () => {
    for (const weight of [400, 700]) {
      const font = await get(`/static/fonts/atkinson-hyperlegible-latin-${weight}-normal.woff2`, { 'accept-encoding': 'br' });
      assert.equal(font.statusCode, 200);
      assert.equal(font.headers['content-type'], 'font/woff2');
      assert.equal(font.headers['content-encoding'], undefined, 'woff2 is compressed already');
      assert.equal(font.headers['cache-control'], 'public, max-age=2592000');
    }
    for (const url of ['/static/fonts/atkinson-hyperlegible-latin-400-normal.woff', '/static/fonts/atkinson-hyperlegible-latin-ext-400-normal.woff2', '/static/pico.css', '/static/../package.json', '/static/fonts/../../app.ts']) {
      assert.equal((await get(url)).statusCode, 404, url);
    }
  });

  test('pages are compressed as they are made; small answers are not', async () => {
    const page = await get('/sign-in', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['content-encoding'], 'br');
    assert.match(brotliDecompressSync(page.rawPayload).toString(), /<form[^>]+action="\/sign-in"/);
    const gz = await get('/sign-in', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(gz.rawPayload).toString(), /<!doctype html>/);
    const small = await get('/api/v1/credits', { 'accept-encoding': 'br' });
    assert.equal(small.statusCode, 401);
    assert.ok(small.rawPayload.length < 1024, 'under the threshold');
    assert.equal(small.headers['content-encoding'], undefined);
    assert.ok(JSON.parse(small.payload));
  });
});
