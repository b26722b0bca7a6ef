// Concerns and conflict support in a real browser, on the demo co-op: axe on every page, and a
// concern raised with the keyboard alone, its mistake shown beside the field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openDemo, signInThroughForm, openFromPlace } from '../support/browser.ts';

const PASSWORD = 'demo password 1';

describe('concerns and conflict support in a browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openDemo(PASSWORD)));
  after(() => closeLive({ server, browser }));

  test('Tom, the Coach, reads the concern and the conflict record; every page passes axe', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, 'tom@demo.carecircles.org', PASSWORD);
    await openFromPlace(page, 'Co-op', 'Concerns');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Evening visits keep running short' }).click();
    await expectNoAxeViolations(page);
    assert.ok(await page.getByText('being explored').first().isVisible());
    assert.ok(await page.getByRole('table', { name: 'Who has read this concern' }).isVisible());
    assert.ok(await page.getByLabel('Note about this step').isVisible());
    const concernUrl = page.url();

    await page.locator('#field-step').selectOption({ label: 'Record the outcome' });
    await page.getByLabel('Note about this step').fill('Agreed with Rose and June.');
    await page.getByRole('button', { name: 'Record this step' }).click();
    await expectNoAxeViolations(page);
    assert.match(await page.locator('#field-outcome-error').textContent() ?? '', /Say what the outcome is/);

    await page.goto(`${server.base}/concerns`);
    await page.getByRole('link', { name: 'Who covers the Saturday morning visit' }).click();
    await expectNoAxeViolations(page);
    assert.ok(await page.getByText('We talked it through over tea', { exact: false }).first().isVisible());
    await page.goto(`${server.base}/concerns`);
    await page.getByRole('link', { name: /Ask for conflict support in Rose/ }).click();
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: 'print' });
    await page.goto(concernUrl);
    assert.equal(await page.locator('form[action$="/steps"]').isVisible(), false, 'forms are left off the printout');
    await page.context().close();
  });

  test('Priya raises a concern using only the keyboard, and the missing summary is shown beside its field', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, 'priya@demo.carecircles.org', PASSWORD);
    await page.goto(`${server.base}/concerns`);
    await page.getByRole('link', { name: /Raise a concern about Rose/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/concerns\/new$/);
    await expectNoAxeViolations(page);

    await page.getByLabel('What happened, or what worries you?').focus();
    await page.keyboard.type('The back door was left unlocked overnight.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#field-summary-error').waitFor();
    await expectNoAxeViolations(page);
    const summary = page.getByLabel('What is the concern about, in a line?');
    assert.match(await page.locator('#field-summary-error').textContent() ?? '', /Say in a line what the concern is about/);
    assert.match(await summary.getAttribute('aria-describedby') ?? '', /field-summary-error/);
    assert.equal(await page.getByLabel('What happened, or what worries you?').inputValue(), 'The back door was left unlocked overnight.');
    assert.ok(await page.getByLabel(/This is a safeguarding concern/).isChecked(), 'the ticked box stays ticked');

    await summary.focus();
    await page.keyboard.type('Door left unlocked');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/concerns\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);
    assert.ok(await page.getByRole('heading', { name: 'Door left unlocked' }).isVisible());
    assert.ok(await page.getByText('Safeguarding concern').isVisible());
    await page.context().close();
  });
});
