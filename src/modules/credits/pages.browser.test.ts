// The credits pages in a real browser, filled with the demo co-op: axe on each, a gift typed
// in through the form, a refusal shown beside its field, and nothing loaded from elsewhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { seedDemo } from '../../demo/index.ts';
import { type LiveServer, expectNoAxeViolations, launchBrowser, noBrowser, signInThroughForm, startServer, watchRequests, openFromPlace } from '../../../test/support/browser.ts';

describe('credits pages in a browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    await seedDemo(server.deps, 'demo password 1');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('Priya gives Rose a credit with a message, is told when she asks for too much, and every page passes axe', async () => {
    const page = await (await browser.newContext()).newPage();
    const requests = watchRequests(page);
    await signInThroughForm(page, server.base, 'priya@demo.carecircles.org', 'demo password 1');
    await openFromPlace(page, 'Me', 'Credits');
    await expectNoAxeViolations(page);
    const balance = await page.locator('.credit-balance strong').textContent();

    const give = page.locator('form[action="/credits/give"]');
    await give.getByLabel('Who would you like to give credits to?').selectOption({ label: 'Rose Pennington' });
    await give.getByLabel(/How many credits/).fill('500');
    await give.getByRole('button', { name: 'Give credits' }).click();
    await expectNoAxeViolations(page);
    assert.match(await page.locator('#field-amount-error').textContent() ?? '', /more than you have/);
    await page.getByLabel(/How many credits/).fill('1');
    await page.getByLabel(/A message/).fill('See you on Thursday!');
    await page.getByRole('button', { name: 'Give credits' }).click();
    await page.waitForURL(/\/credits\?done=gift/);
    assert.notEqual(await page.locator('.credit-balance strong').textContent(), balance);
    assert.ok(await page.getByText('See you on Thursday!').isVisible());

    for (const path of ['/credits/spend', '/credits/auto-donate', '/credits/pools', '/credits/flows', '/credits?kind=gift&from=2020-01-01', '/credits?from=not-a-date']) {
      await page.goto(`${server.base}${path}`);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${server.base}/credits/pools`);
    await page.getByRole('link', { name: 'Calderdale welcome pool' }).click();
    await expectNoAxeViolations(page);
    assert.ok(await page.getByText('Welcome to the co-op, Rose!').isVisible());
    const foreign = requests.filter((url) => !url.startsWith(server.base));
    assert.deepEqual(foreign, []);
    await page.context().close();
  });

  test("Tom pays a welcome gift out of the Local Circle's pool, citing the decision whose mandate allows it", async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, 'tom@demo.carecircles.org', 'demo password 1');
    await page.goto(`${server.base}/credits/pools`);
    await page.getByRole('link', { name: 'Calderdale welcome pool' }).click();
    await page.getByRole('link', { name: 'Pay from this pool' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Which decision allows this payment?').selectOption({ index: 1 });
    await page.getByLabel('Who receives the credits?').selectOption({ label: 'June Ellis' });
    await page.getByLabel('How many credits?').fill('6');
    await page.getByRole('button', { name: 'Pay from the pool' }).click();
    await expectNoAxeViolations(page);
    assert.match(await page.locator('#field-amount-error').textContent() ?? '', /at most 5 credits in one payment/);
    await page.getByLabel('How many credits?').fill('2');
    await page.getByRole('button', { name: 'Pay from the pool' }).click();
    await page.waitForURL(/done=payment/);
    assert.ok(await page.getByText('5 credits of 50 credits').isVisible());
    // Each payment shows the decision (allowance) it cites.
    const payments = page.locator('section[aria-labelledby="payments-title"]');
    assert.equal(await payments.getByRole('link', { name: 'Welcome gifts from the pool' }).count(), 2);
    await expectNoAxeViolations(page);
    await page.goto(`${server.base}/credits/pools/new`);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
