import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

// The pages a person meets in the demo co-op, found by following the links the demo's data
// puts on them. test/browser/demo-pages.test.ts walks them and says what to do on each page
// once it has loaded (check it with axe, weigh it).

/** Called on each page of a tour once it has loaded, with the path the tour opened. */
export type OnPage = (page: Page, path: string) => Promise<void>;

/** Opens start, then (up to limit) the links in its main whose path matches pattern. Returns those links. */
export async function visitAll(page: Page, base: string, onPage: OnPage, start: string, pattern: RegExp, limit = 12): Promise<string[]> {
  await page.goto(`${base}${start}`);
  await onPage(page, start);
  const links = [...new Set(await page.locator('main a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname)))].filter((p) => pattern.test(p)).slice(0, limit);
  for (const link of links) {
    await page.goto(`${base}${link}`);
    await onPage(page, link);
  }
  return links;
}

/** Opens each path, which must answer 200. */
async function visitPaths(page: Page, base: string, onPage: OnPage, paths: string[]): Promise<void> {
  for (const path of paths) {
    const res = await page.goto(`${base}${path}`);
    assert.equal(res?.status(), 200, path);
    await onPage(page, path);
  }
}

/** As the demo's admin (signed in on page): circles, proposals in every stage, logbook entries, general meetings and tallies. */
export async function governanceTour(page: Page, base: string, onPage: OnPage): Promise<void> {
  const visit = (start: string, pattern: RegExp, limit?: number) => visitAll(page, base, onPage, start, pattern, limit).then((links) => links.length);
  // The map is one level at a time: the top-level circles, then the circles within the Purpose Circle.
  assert.ok((await visit('/circles', /^\/circles\/[0-9a-f-]{36}$/)) >= 2);
  await page.goto(`${base}/circles`);
  await page.locator('main a', { hasText: 'Circles within Purpose Circle' }).first().click();
  const local = (await page.locator('main a', { hasText: 'Calderdale Local Circle' }).first().getAttribute('href')) as string;
  assert.ok((await visit(local, /^\/proposals\/[0-9a-f-]{36}$/)) >= 7, 'a proposal in every open stage');
  assert.ok((await visit('/logbook', /^\/logbook\/[0-9a-f-]{36}$/)) >= 3);
  assert.ok((await visit(`${local}/meetings`, /^\/meetings\/[0-9a-f-]{36}$/)) >= 2, 'a past and a next meeting');
  await visit('/reviews', /^\/logbook\/[0-9a-f-]{36}$/);
  await visit('/general-meetings', /^\/general-meetings\/[0-9a-f-]{36}$/);
  await page.goto(`${base}/general-meetings`);
  const gm = (await page.locator('main a[href^="/general-meetings/"]').first().getAttribute('href')) as string;
  await visit(gm, /^\/resolutions\/[0-9a-f-]{36}$/);
  await visitPaths(page, base, onPage, ['/membership', '/membership/register', '/membership/shares', '/membership/settings', '/admin/outbox', '/me/notifications']);
}

/** Care in Rose's Team: as Sam (paid worker, MAR Holder), Rose (owner) and Tom (Coach). signedIn opens a page signed in as that demo person. */
export async function careTour(signedIn: (name: 'sam' | 'rose' | 'tom') => Promise<Page>, base: string, onPage: OnPage): Promise<void> {
  const sam = await signedIn('sam');
  await sam.goto(`${base}/teams`);
  const teamPath = await sam.locator('main a', { hasText: "Rose's Team" }).first().evaluate((a) => (a as HTMLAnchorElement).pathname);
  assert.match(teamPath, /^\/teams\/[0-9a-f-]{36}$/);
  const visit = (start: string, pattern: RegExp, limit: number) => visitAll(sam, base, onPage, start, pattern, limit).then((links) => links.length);
  assert.ok((await visit('/visits', /^\/visits\/[0-9a-f-]{36}$/, 3)) >= 1, 'Sam has visits coming');
  assert.ok((await visit(`${teamPath}/care-logs`, /^\/care-logs\/[0-9a-f-]{36}$/, 6)) >= 3, 'the demo has logs to open');
  assert.ok((await visit(`${teamPath}/notes`, /^\/notes\/[0-9a-f-]{36}$/, 3)) >= 1, 'the demo has notes to open');
  await visitPaths(sam, base, onPage, ['/visits/calendar', '/care-logs', '/money', '/money/statements/worker', `${teamPath}/visits`, `${teamPath}/visits/new`, `${teamPath}/care-logs/new`, `${teamPath}/care-logs/settings`, `${teamPath}/notes/new`, `${teamPath}/mar`, `${teamPath}/medicines/new`, `${teamPath}/money`, `${teamPath}/money/rates`, `${teamPath}/money/expenses`]);
  await visitPaths(await signedIn('rose'), base, onPage, ['/records/access', `${teamPath}/money`, `${teamPath}/money/statements`]);
  await visitPaths(await signedIn('tom'), base, onPage, ['/records/open']);
}
