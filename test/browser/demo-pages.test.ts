import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openDemo, signInThroughForm } from '../support/browser.ts';
import { careTour, governanceTour } from '../support/demo-tour.ts';

// The demo co-op has every kind of page filled in; each one is checked with axe, by the
// people who would see it.
describe('the demo co-op pages pass axe', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openDemo('demo password 1')));
  after(() => closeLive({ server, browser }));

  test('circles, proposals in every stage, logbook entries, general meetings and tallies', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, 'admin@demo.carecircles.org', 'demo password 1');
    await governanceTour(page, server.base, expectNoAxeViolations);
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
    const pages: Page[] = [];
    const as = async (email: string) => {
      const page = await (await browser.newContext()).newPage();
      await signInThroughForm(page, server.base, `${email}@demo.carecircles.org`, 'demo password 1');
      pages.push(page);
      return page;
    };
    await careTour(as, server.base, expectNoAxeViolations);
    for (const page of pages) await page.context().close();
  });
});
