import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type LiveServer, closeLive, noBrowser, openDemo, signInThroughForm } from '../support/browser.ts';
import { type OnPage, careTour, governanceTour, visitAll } from '../support/demo-tour.ts';

// Every page's first load (HTML, CSS, JS, fonts, icon: the bytes that cross the wire, so
// compressed) must stay under 60 KB, and nothing may come from another host. The pages are the
// demo tours' (the axe test walks the same ones) plus each person's navigation.
//
// Each page is measured as its tour opens it, with the browser's cache turned off (CDP
// Network.setCacheDisabled), so every file is fetched again as on a first visit. A fresh
// browser context per page would say the same but costs about two seconds of CPU each (a new
// renderer process): the first check below proves the two agree.
const LIMIT = 60 * 1024;
const PASSWORD = 'demo password 1';

/** wire: bytes received for it, headers included (redirect hops too); decoded: its body as the page got it. */
interface Request { url: string; type?: string; encoding?: string; hops: number; wire: number; decoded: number; done: boolean }
interface Load { who: string; path: string; bytes: number; requests: Request[] }

/** Watches a page's network; load() then gives the requests of the document now showing, once they are done. */
async function meter(page: Page, cacheOff: boolean) {
  const cdp = await page.context().newCDPSession(page);
  const byLoader = new Map<string, Map<string, Request>>();
  const all = new Map<string, Request>();
  const of = (id: string) => all.get(id) ?? { url: '?', hops: 0, wire: 0, decoded: 0, done: false };
  cdp.on('Network.requestWillBeSent', (e) => {
    // A redirect goes on under the same request id, its hop's bytes counted in its response.
    const hops = e.redirectResponse ? of(e.requestId).hops + e.redirectResponse.encodedDataLength : 0;
    const request = { url: e.request.url, type: e.type, hops, wire: hops, decoded: 0, done: false };
    all.set(e.requestId, request);
    if (!byLoader.has(e.loaderId)) byLoader.set(e.loaderId, new Map());
    byLoader.get(e.loaderId)?.set(e.requestId, request);
  });
  cdp.on('Network.responseReceived', (e) => (of(e.requestId).encoding = e.response.headers['content-encoding']));
  // dataReceived counts a long-lived event stream's bytes so far; loadingFinished gives the
  // exact total (headers and body as sent) once a response is complete.
  cdp.on('Network.dataReceived', (e) => {
    const r = of(e.requestId);
    Object.assign(r, { wire: r.wire + e.encodedDataLength, decoded: r.decoded + e.dataLength });
  });
  cdp.on('Network.loadingFinished', (e) => Object.assign(of(e.requestId), { wire: of(e.requestId).hops + e.encodedDataLength, done: true }));
  cdp.on('Network.loadingFailed', (e) => (of(e.requestId).done = true));
  await cdp.send('Network.enable');
  if (cacheOff) await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return {
    async load(): Promise<Request[]> {
      const { frameTree } = await cdp.send('Page.getFrameTree');
      const requests = () => [...(byLoader.get(frameTree.frame.loaderId)?.values() ?? [])];
      // The icon is asked for after the load event: wait for it too.
      const icons = await page.evaluate(() => [...document.querySelectorAll<HTMLLinkElement>('link[rel~=icon]')].map((l) => l.href));
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const waiting = () => [...requests().filter((r) => !r.done && r.type !== 'EventSource').map((r) => r.url), ...icons.filter((url) => !requests().some((r) => r.url === url && r.done))];
      for (const started = Date.now(); waiting().length > 0; await new Promise((resolve) => setTimeout(resolve, 10))) {
        assert.ok(Date.now() - started < 15_000, `${page.url()} still loading after 15 s: ${waiting().join(', ')}`);
      }
      return requests();
    },
  };
}

const total = (requests: Request[]) => requests.reduce((sum, r) => sum + r.wire, 0);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

describe('page weight', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openDemo(PASSWORD)));
  after(() => closeLive({ server, browser }));

  test('every page a person meets first loads in under 60 KB, all of it from this server', async () => {
    const started = Date.now();
    const loads = new Map<string, Load>();
    const record = (who: string, path: string, requests: Request[]) => {
      const bytes = total(requests);
      if (bytes > (loads.get(path)?.bytes ?? -1)) loads.set(path, { who, path, bytes, requests });
    };

    // The sign-in page, in a fresh context (an empty cache), then again with the cache off:
    // the same files and the same bytes, give or take a cookie header.
    const context = await browser.newContext();
    const fresh = await context.newPage();
    const first = await meter(fresh, false);
    await fresh.goto(`${server.base}/sign-in`);
    const empty = await first.load();
    const off = await meter(fresh, true);
    await fresh.goto(`${server.base}/sign-in`);
    const again = await off.load();
    assert.deepEqual(again.map((r) => r.url).sort(), empty.map((r) => r.url).sort());
    assert.ok(Math.abs(total(again) - total(empty)) < 512, `empty cache ${total(empty)} bytes, cache off ${total(again)}`);
    record('nobody', '/sign-in', empty);
    // The counts are bytes as sent: Pico's stylesheet (83 KB as a file) must count compressed.
    const pico = empty.find((r) => r.url.endsWith('/static/pico.min.css'));
    assert.ok(pico && pico.decoded > 80_000 && pico.wire < pico.decoded / 4, `pico.min.css: ${pico?.wire} bytes on the wire for ${pico?.decoded} decoded (${pico?.encoding})`);
    await context.close();

    // Then each person signs in once and walks their tour; each page is measured as it opens.
    const meters = new Map<Page, { who: string; load: () => Promise<Request[]> }>();
    const measure: OnPage = async (page, path) => {
      const m = meters.get(page) as { who: string; load: () => Promise<Request[]> };
      record(m.who, path, await m.load());
    };
    const signedIn = async (who: string): Promise<Page> => {
      const page = await (await browser.newContext()).newPage();
      await signInThroughForm(page, server.base, `${who}@demo.carecircles.org`, PASSWORD);
      await page.waitForURL((url) => url.pathname !== '/sign-in');
      meters.set(page, { who, ...(await meter(page, true)) });
      return page;
    };
    const admin = await signedIn('admin');
    await governanceTour(admin, server.base, measure);
    await visitAll(admin, server.base, measure, '/chat', /^\/circles\/[0-9a-f-]{36}\/chat$/, 1);
    await careTour(signedIn, server.base, measure);
    // The header's navigation is on every page: each link in it is a page this person meets.
    for (const page of meters.keys()) {
      for (const path of await page.locator('header nav a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))) {
        if (loads.has(path)) continue;
        assert.equal((await page.goto(`${server.base}${path}`))?.status(), 200, path);
        await measure(page, path);
      }
      await page.context().close();
    }

    const all = [...loads.values()].sort((a, b) => b.bytes - a.bytes);
    const median = all[Math.floor(all.length / 2)]?.bytes ?? 0;
    const rows = all.map((l) => `${kb(l.bytes).padStart(6)} KB  ${String(l.requests.length).padStart(2)} requests  ${l.who.padEnd(6)} ${l.path}`);
    console.log(`First loads, bytes on the wire (${all.length} pages, measured in ${((Date.now() - started) / 1000).toFixed(1)} s):\n${rows.join('\n')}\nlargest ${kb(all[0]?.bytes ?? 0)} KB, median ${kb(median)} KB`);

    const origin = new URL(server.base).origin;
    const foreign = all.flatMap((l) => l.requests.filter((r) => !r.url.startsWith('data:') && new URL(r.url).origin !== origin).map((r) => `${l.path}: ${r.url}`));
    assert.deepEqual(foreign, [], 'requests to another host');
    const detail = (l: Load) => `${l.path}: ${kb(l.bytes)} KB\n${l.requests.map((r) => `  ${r.wire} bytes ${r.url.slice(0, 100)}`).join('\n')}`;
    assert.deepEqual(all.filter((l) => l.bytes >= LIMIT).map(detail), [], 'pages over 60 KB');
  });
});
