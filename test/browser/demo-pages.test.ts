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
});
