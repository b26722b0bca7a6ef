import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openDemo, signInThroughForm } from '../support/browser.ts';

// The demo co-op has every kind of page filled in; each one is checked with axe, by the
// people who would see it.
describe('the demo co-op pages pass axe', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openDemo('demo password 1')));
  after(() => closeLive({ server, browser }));

  const visitAll = async (page: Page, start: string, pattern: RegExp, limit = 12) => {
    await page.goto(`${server.base}${start}`);
    await expectNoAxeViolations(page);
    const links = [...new Set(await page.locator('main a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname)))].filter((p) => pattern.test(p)).slice(0, limit);
    for (const link of links) {
      await page.goto(`${server.base}${link}`);
      await expectNoAxeViolations(page);
    }
    return links.length;
  };

  test('circles, proposals in every stage, logbook entries, general meetings and tallies', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, 'admin@demo.carecircles.org', 'demo password 1');
    assert.ok((await visitAll(page, '/circles', /^\/circles\/[0-9a-f-]{36}$/)) >= 3);
    await page.goto(`${server.base}/circles`);
    const local = (await page.locator('main a', { hasText: 'Calderdale Local Circle' }).first().getAttribute('href')) as string;
    assert.ok((await visitAll(page, local, /^\/proposals\/[0-9a-f-]{36}$/)) >= 7, 'a proposal in every open stage');
    assert.ok((await visitAll(page, '/logbook', /^\/logbook\/[0-9a-f-]{36}$/)) >= 3);
    assert.ok((await visitAll(page, `${local}/meetings`, /^\/meetings\/[0-9a-f-]{36}$/)) >= 2, 'a past and a next meeting');
    await visitAll(page, '/reviews', /^\/logbook\/[0-9a-f-]{36}$/);
    await visitAll(page, '/general-meetings', /^\/general-meetings\/[0-9a-f-]{36}$/);
    await page.goto(`${server.base}/general-meetings`);
    const gm = (await page.locator('main a[href^="/general-meetings/"]').first().getAttribute('href')) as string;
    await visitAll(page, gm, /^\/resolutions\/[0-9a-f-]{36}$/);
    for (const path of ['/membership', '/membership/register', '/membership/shares', '/membership/settings', '/admin/outbox', '/me/notifications']) {
      await page.goto(`${server.base}${path}`);
      await expectNoAxeViolations(page);
    }
    await page.context().close();
  });

  test('a volunteer reads a policy, their hats, and runs the next circle meeting', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, 'priya@demo.carecircles.org', 'demo password 1');
    await page.goto(`${server.base}/logbook?q=Lone`);
    await page.locator('main a', { hasText: 'Lone working check-in' }).first().click();
    await expectNoAxeViolations(page);
    await page.goto(`${server.base}/me/hats`);
    await expectNoAxeViolations(page);
    await page.goto(`${server.base}/circles`);
    await page.locator('main a', { hasText: 'Calderdale Local Circle' }).first().click();
    await page.locator('main a', { hasText: 'Halifax Central Library' }).first().click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Open the meeting' }).click();
    await page.getByLabel('Opening round').fill('Here and ready.');
    await page.getByRole('button', { name: 'Record' }).click();
    await expectNoAxeViolations(page);
    assert.match(await page.locator('main').innerText(), /Here and ready\./);
    await page.context().close();
  });

  test("care in Rose's Team, as Sam (paid worker, MAR Holder), Rose (owner) and Tom (Coach)", async () => {
    const as = async (email: string) => {
      const page = await (await browser.newContext()).newPage();
      await signInThroughForm(page, server.base, `${email}@demo.carecircles.org`, 'demo password 1');
      return page;
    };
    const sam = await as('sam');
    await sam.goto(`${server.base}/teams`);
    const teamPath = await sam.locator('main a', { hasText: "Rose's Team" }).first().evaluate((a) => (a as HTMLAnchorElement).pathname);
    assert.match(teamPath, /^\/teams\/[0-9a-f-]{36}$/);
    assert.ok((await visitAll(sam, '/visits', /^\/visits\/[0-9a-f-]{36}$/, 3)) >= 1, 'Sam has visits coming');
    assert.ok((await visitAll(sam, `${teamPath}/care-logs`, /^\/care-logs\/[0-9a-f-]{36}$/, 6)) >= 3, 'the demo has logs to open');
    assert.ok((await visitAll(sam, `${teamPath}/notes`, /^\/notes\/[0-9a-f-]{36}$/, 3)) >= 1, 'the demo has notes to open');
    for (const path of ['/visits/calendar', '/care-logs', '/money', '/money/statements/worker', `${teamPath}/visits`, `${teamPath}/visits/new`, `${teamPath}/care-logs/new`, `${teamPath}/care-logs/settings`, `${teamPath}/notes/new`, `${teamPath}/mar`, `${teamPath}/medicines/new`, `${teamPath}/money`, `${teamPath}/money/rates`, `${teamPath}/money/expenses`]) {
      const res = await sam.goto(`${server.base}${path}`);
      assert.equal(res?.status(), 200, path);
      await expectNoAxeViolations(sam);
    }
    const rose = await as('rose');
    for (const path of ['/records/access', `${teamPath}/money`, `${teamPath}/money/statements`]) {
      const res = await rose.goto(`${server.base}${path}`);
      assert.equal(res?.status(), 200, path);
      await expectNoAxeViolations(rose);
    }
    const tom = await as('tom');
    const res = await tom.goto(`${server.base}/records/open`);
    assert.equal(res?.status(), 200);
    await expectNoAxeViolations(tom);
    for (const page of [sam, rose, tom]) await page.context().close();
  });
});
