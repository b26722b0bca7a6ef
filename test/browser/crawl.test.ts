import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoPeople } from '../../src/demo/seed.ts';
import { type LiveServer, axeViolations, closeLive, noBrowser, openDemo, signInThroughForm } from '../support/browser.ts';

const PASSWORD = 'demo password 1';
const WIDTH = 320;

// Every demo person signs in at a phone's narrowest width (320 CSS px, WCAG 1.4.10) and
// follows the links from home, as they would: every page they can reach must answer, must not
// scroll sideways, and must pass axe.
//
// To stay well under three minutes on two cores the crawl is bounded, and says how:
// - a "shape" is a path with its ids and query values taken out (/care-logs/:id?month); each
//   person opens one page of each shape they find (a team's tenth care log is drawn by the
//   same view as its first, and the next week of a rota like this one), and at most
//   PER_PERSON pages in all (none reaches it in the demo: the message says if one did);
// - the width is measured on every page opened, as every person; axe, the slow part, runs on
//   the first page of each shape that anyone opens (demo-pages.test.ts runs it on the pages
//   of each kind of person).
const PER_SHAPE = 1;
const PER_PERSON = 150;

/** Links that are not pages: files to download, the live stream, the calendar feed, the API, signing out. */
const notAPage = /\.(csv|ics|json|pdf|png|jpe?g)$|\/archive$|\/receipt$|\/stream$|^\/(api|static|calendar)\/|^\/sign-(out|in)\b/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function shapeOf(url: URL): string {
  const path = url.pathname.split('/').map((s) => (UUID.test(s) ? ':id' : s)).join('/');
  const keys = [...new Set(url.searchParams.keys())].sort();
  return keys.length ? `${path}?${keys.join('&')}` : path;
}

interface Visit {
  url: string;
  status: number;
  tooWide?: string;
  axe?: string[];
}

/** The page's width, and when it is too wide the innermost elements that run past the window's edge (not those scrolling inside a table's region), so the fix is obvious. */
async function overflow(page: Page): Promise<string | undefined> {
  // No named functions inside: the callback runs in the page, without tsx's helpers.
  return page.evaluate((limit) => {
    const width = document.documentElement.scrollWidth;
    if (width <= limit) return undefined;
    const past = [...document.body.querySelectorAll('*')].filter((e) => !e.parentElement?.closest('.table-scroll') && e.getBoundingClientRect().right > limit + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > limit + 1));
    const names = past.slice(0, 3).map((e) => [e, e.parentElement].map((x) => (x ? `${x.tagName.toLowerCase()}${x.id ? `#${x.id}` : ''}${[...x.classList].map((c) => `.${c}`).join('')}` : '')).join(' in '));
    return `${width} px wide at ${limit} px: ${names.join('; ')}`;
  }, WIDTH);
}

async function crawlAs(page: Page, base: string, axeDone: Set<string>): Promise<{ visits: Visit[]; capped: boolean }> {
  const origin = new URL(base).origin;
  const seen = new Set<string>();
  const perShape = new Map<string, number>();
  const queue: string[] = [];
  const enqueue = (href: string) => {
    const url = new URL(href, base);
    url.hash = '';
    if (url.origin !== origin || notAPage.test(url.pathname)) return;
    const key = url.pathname + url.search;
    if (seen.has(key)) return;
    const shape = shapeOf(url);
    if ((perShape.get(shape) ?? 0) >= PER_SHAPE) return;
    seen.add(key);
    perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
    queue.push(key);
  };
  enqueue('/');
  const visits: Visit[] = [];
  while (queue.length > 0 && visits.length < PER_PERSON) {
    const path = queue.shift() as string;
    const res = await page.goto(`${base}${path}`);
    const visit: Visit = { url: path, status: res?.status() ?? 0 };
    visits.push(visit);
    if (!res || res.status() !== 200 || !(res.headers()['content-type'] ?? '').startsWith('text/html')) continue;
    visit.tooWide = await overflow(page);
    const shape = shapeOf(new URL(page.url()));
    if (!axeDone.has(shape)) {
      axeDone.add(shape);
      const violations = await axeViolations(page);
      if (violations.length) visit.axe = violations;
    }
    // GET links only: an <a href> is a link a person follows; forms are actions, not pages.
    for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      if (href && !href.startsWith('mailto:') && !href.startsWith('tel:')) enqueue(href);
    }
  }
  return { visits, capped: queue.length > 0 };
}

describe('every page reachable from home, for every demo person, at 320 px', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  const reached = new Map<string, Visit[]>();
  const counts: string[] = [];
  before(async () => {
    ({ server, browser } = await openDemo(PASSWORD));
    const axeDone = new Set<string>();
    for (const person of demoPeople) {
      const context = await browser.newContext({ viewport: { width: WIDTH, height: 720 } });
      const page = await context.newPage();
      await signInThroughForm(page, server.base, person.email, PASSWORD);
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      const { visits, capped } = await crawlAs(page, server.base, axeDone);
      await context.close();
      const who = person.email.split('@')[0] as string;
      reached.set(who, visits);
      counts.push(`${who} ${visits.length}${capped ? ' (stopped at the cap)' : ''}`);
    }
  });
  after(() => closeLive({ server, browser }));

  test('each page answers, fits 320 px without sideways scrolling, and passes axe', () => {
    const failures: string[] = [];
    for (const [who, visits] of reached) {
      for (const v of visits) {
        if (v.status !== 200) failures.push(`${who} ${v.url}: answered ${v.status}`);
        if (v.tooWide) failures.push(`${who} ${v.url}: ${v.tooWide}`);
        if (v.axe) failures.push(`${who} ${v.url}: axe\n  ${v.axe.join('\n  ')}`);
      }
    }
    assert.deepEqual(failures, [], `pages opened: ${counts.join(', ')}\n${failures.join('\n')}`);
    // Not a list of URLs: each person's crawl found a real spread of pages by itself.
    for (const [who, visits] of reached) assert.ok(visits.length >= 15, `${who} reached only ${visits.length} pages`);
  });

  test('"Your teams", where invitations wait, is reached from home by Rose, Sam and Priya', () => {
    for (const who of ['rose', 'sam', 'priya']) assert.ok(reached.get(who)?.some((v) => v.url === '/teams' && v.status === 200), `${who} never reached /teams`);
    // And every person reaches the page where they download all the co-op holds about them (issue 21).
    for (const [who, visits] of reached) assert.ok(visits.some((v) => v.url === '/me/export' && v.status === 200), `${who} never reached /me/export`);
  });
});
