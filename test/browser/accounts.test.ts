import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { PASSWORD, makePerson } from '../support/app.ts';
import { type LiveServer, expectNoAxeViolations, noBrowser, signInThroughForm, watchRequests, closeLive, openLive } from '../support/browser.ts';

describe('accounts in the browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openLive()));
  after(() => closeLive({ server, browser }));

  test('sign in, visit every account page with axe, sign out; nothing loads from another host', async () => {
    const admin = await makePerson(server.deps as never, { admin: true, name: 'Ada Admin' });
    const page = await (await browser.newContext()).newPage();
    const requests = watchRequests(page);
    await page.goto(`${server.base}/sign-in`);
    await expectNoAxeViolations(page);
    // Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to main content');
    await page.keyboard.press('Enter');
    assert.ok(page.url().endsWith('#main'));

    await page.getByLabel('Email address').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.ok(await page.getByRole('alert').isVisible());
    assert.match((await page.locator('#field-email-error').textContent()) ?? '', /not right/);
    await expectNoAxeViolations(page);

    await signInThroughForm(page, server.base, admin.email, PASSWORD);
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /Hello, Ada Admin/);
    await expectNoAxeViolations(page);
    for (const path of ['/me/profile', '/me/hats', '/me/devices', '/me/tokens', '/me/notifications', '/invitations', '/admin/outbox', '/circles', '/circles/new', '/logbook', '/reviews', '/membership', '/membership/register', '/membership/shares', '/membership/settings', '/general-meetings', '/no-such-page']) {
      await page.goto(`${server.base}${path}`);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${server.base}/me/profile`);
    await page.getByLabel('Pronouns (optional)').fill('she/her');
    await page.getByRole('button', { name: 'Save profile' }).click();
    assert.equal(await page.getByLabel('Pronouns (optional)').inputValue(), 'she/her');
    await page.getByLabel('Phone number (optional)').fill('not a phone');
    await page.getByRole('button', { name: 'Save profile' }).click();
    assert.ok(await page.locator('#field-phone-error').isVisible());
    await expectNoAxeViolations(page);

    await page.goto(`${server.base}/me/tokens`);
    await page.getByLabel('Name of the token').fill('calendar');
    await page.getByRole('button', { name: 'Create token' }).click();
    assert.match((await page.locator('code').textContent()) ?? '', /^cc_/);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    assert.ok(page.url().endsWith('/sign-in'));
    await page.goto(`${server.base}/`);
    assert.ok(page.url().includes('/sign-in'));
    const host = new URL(server.base).host;
    assert.deepEqual(requests.filter((u) => !u.startsWith('data:') && new URL(u).host !== host), []);
    await page.context().close();
  });

  test('reset a forgotten password from the emailed link', async () => {
    const person = await makePerson(server.deps as never);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.base}/sign-in`);
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Email address').fill(person.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expectNoAxeViolations(page);
    const [mail] = await server.database.query<{ body: string }>('SELECT body FROM outbox WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1', [person.email]);
    const path = /\/reset-password\/[A-Za-z0-9_-]+/.exec(mail?.body ?? '')?.[0];
    assert.ok(path, 'the reset mail has a link');
    await page.goto(`${server.base}${path}`);
    await expectNoAxeViolations(page);
    await page.locator('#field-password').fill('my new long password');
    await page.locator('#field-confirmPassword').fill('my new long password');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expectNoAxeViolations(page);
    await signInThroughForm(page, server.base, person.email, 'my new long password');
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /Hello/);
    await page.context().close();
  });

  test('sign out a lost device from another', async () => {
    const person = await makePerson(server.deps as never);
    const phone = await browser.newContext();
    const laptop = await browser.newContext();
    const phonePage = await phone.newPage();
    const laptopPage = await laptop.newPage();
    await signInThroughForm(phonePage, server.base, person.email, PASSWORD);
    await signInThroughForm(laptopPage, server.base, person.email, PASSWORD);
    await laptopPage.goto(`${server.base}/me/devices`);
    await expectNoAxeViolations(laptopPage);
    const rows = laptopPage.locator('tbody tr');
    assert.equal(await rows.count(), 2);
    await rows.filter({ hasNotText: '(this device)' }).getByRole('button', { name: 'Sign out this device' }).click();
    assert.equal(await laptopPage.locator('tbody tr').count(), 1);
    await phonePage.goto(`${server.base}/`);
    assert.ok(phonePage.url().includes('/sign-in'), 'the phone was signed out');
    await phone.close();
    await laptop.close();
  });
});
