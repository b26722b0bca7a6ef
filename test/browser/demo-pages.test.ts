import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openDemo, signInThroughForm } from '../support/browser.ts';
import { type OnPage, careTour, governanceTour, visitAll } from '../support/demo-tour.ts';
import { Loads, type Meter, kb, meter, totalBytes } from '../support/page-weight.ts';

// The demo co-op has every kind of page filled in. Walked by the people who would see each one,
// every page is checked twice as it opens: with axe, and for its weight. A page's first load
// (HTML, CSS, JS, fonts, icon, compressed as sent) must stay under 60 KB, and nothing may come
// from another host. One walk does both: a page load is most of what a browser test costs.
const LIMIT = 60 * 1024;
const PASSWORD = 'demo password 1';

describe('the demo co-op pages pass axe and load light', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  const loads = new Loads();
  const meters = new Map<Page, { who: string } & Meter>();
  before(async () => ({ server, browser } = await openDemo(PASSWORD)));
  after(() => closeLive({ server, browser }));

  /** A page signed in as this demo person, its network metered with the cache off. */
  const signedIn = async (who: string): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, `${who}@demo.carecircles.org`, PASSWORD);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    meters.set(page, { who, ...(await meter(page, true)) });
    return page;
  };
  const weighAndCheck: OnPage = async (page, path) => {
    const m = meters.get(page) as { who: string } & Meter;
    loads.record(m.who, path, await m.load());
    await expectNoAxeViolations(page);
  };

  test('the sign-in page: the cache turned off costs what an empty cache does, and Pico counts compressed', async () => {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    const first = await meter(fresh, false);
    await fresh.goto(`${server.base}/sign-in`);
    const empty = await first.load();
    const off = await meter(fresh, true);
    await fresh.goto(`${server.base}/sign-in`);
    const again = await off.load();
    assert.deepEqual(again.map((r) => r.url).sort(), empty.map((r) => r.url).sort());
    assert.ok(Math.abs(totalBytes(again) - totalBytes(empty)) < 512, `empty cache ${totalBytes(empty)} bytes, cache off ${totalBytes(again)}`);
    loads.record('nobody', '/sign-in', empty);
    // The counts are bytes as sent: Pico's stylesheet (83 KB as a file) must count compressed.
    const pico = empty.find((r) => r.url.endsWith('/static/pico.min.css'));
    assert.ok(pico && pico.decoded > 80_000 && pico.wire < pico.decoded / 4, `pico.min.css: ${pico?.wire} bytes on the wire for ${pico?.decoded} decoded (${pico?.encoding})`);
    await expectNoAxeViolations(fresh);
    await context.close();
  });

  test('circles, proposals in every stage, logbook entries, general meetings and tallies, and the chat', async () => {
    const admin = await signedIn('admin');
    await governanceTour(admin, server.base, weighAndCheck);
    await visitAll(admin, server.base, weighAndCheck, '/chat', /^\/circles\/[0-9a-f-]{36}\/chat$/, 1);
  });

  test('a volunteer reads a policy, their hats, and runs the next circle meeting', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, 'priya@demo.carecircles.org', PASSWORD);
    await page.goto(`${server.base}/logbook?q=Lone`);
    await page.locator('main a', { hasText: 'Lone working check-in' }).first().click();
    await expectNoAxeViolations(page);
    await page.goto(`${server.base}/me/hats`);
    await expectNoAxeViolations(page);
    await page.goto(`${server.base}/circles`);
    await page.locator('main a', { hasText: 'Circles within Purpose Circle' }).first().click();
    await page.locator('main a', { hasText: 'Calderdale Local Circle' }).first().click();
    await page.locator('main a', { hasText: 'Halifax Central Library' }).first().click();
    await expectNoAxeViolations(page);
    // Priya is learning: she wears the Facilitator hat to learn, so a full participant facilitates.
    await page.getByLabel('Who facilitates (a full participant)').selectOption({ label: 'Tom Barker' });
    await page.getByRole('button', { name: 'Open the meeting' }).click();
    await page.getByLabel('Opening round').fill('Here and ready.');
    await page.getByRole('button', { name: 'Record' }).click();
    await expectNoAxeViolations(page);
    assert.match(await page.locator('main').innerText(), /Here and ready\./);
    await page.context().close();
  });

  test("care in Rose's Team, as Sam (paid worker, MAR Holder), Rose (owner) and Tom (Coach)", async () => {
    await careTour(signedIn, server.base, weighAndCheck);
  });

  test('every page a person meets first loads in under 60 KB, all of it from this server', async () => {
    // The header's navigation is on every page: each link in it is a page this person meets
    // (the crawl checks these pages with axe, at 320 px).
    for (const [page, { who, load }] of meters) {
      for (const path of await page.locator('header nav a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))) {
        if (loads.byPath.has(path)) continue;
        assert.equal((await page.goto(`${server.base}${path}`))?.status(), 200, path);
        loads.record(who, path, await load());
      }
      await page.context().close();
    }
    console.log(loads.report());
    const all = loads.heaviestFirst();
    assert.ok(all.length >= 60, `only ${all.length} pages weighed`);
    const origin = new URL(server.base).origin;
    const foreign = all.flatMap((l) => l.requests.filter((r) => !r.url.startsWith('data:') && new URL(r.url).origin !== origin).map((r) => `${l.path}: ${r.url}`));
    assert.deepEqual(foreign, [], 'requests to another host');
    const detail = (l: (typeof all)[number]) => `${l.path}: ${kb(l.bytes)} KB\n${l.requests.map((r) => `  ${r.wire} bytes ${r.url.slice(0, 100)}`).join('\n')}`;
    assert.deepEqual(all.filter((l) => l.bytes >= LIMIT).map(detail), [], 'pages over 60 KB');
  });
});
