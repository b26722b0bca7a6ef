import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openDemo, signInThroughForm } from '../support/browser.ts';

const PASSWORD = 'demo password 1';

// Team pages, as the owner, a member and a supporter on a trial would use them, with
// JavaScript switched off: every form is a plain form.
describe('team pages', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openDemo(PASSWORD)));
  after(() => closeLive({ server, browser }));
  // axe runs as a script in the page, so the pages are checked with JavaScript on; the forms
  // are then used with it off, as on an old phone.
  const as = async (who: string, javaScriptEnabled = true): Promise<Page> => {
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    await signInThroughForm(page, server.base, `${who}@demo.carecircles.org`, PASSWORD);
    return page;
  };
  const teamHref = async (page: Page, name: string) => {
    await page.goto(`${server.base}/teams`);
    await expectNoAxeViolations(page);
    return (await page.locator('main a', { hasText: name }).first().getAttribute('href')) as string;
  };

  test('the owner reads the team, the printable profile, the Promise, and edits the profile', async () => {
    const page = await as('rose');
    const team = await teamHref(page, "Rose's Team");
    for (const path of [team, `${team}/profile`, `${team}/profile/edit`, `${team}/promise`, `${team}/invite`]) {
      await page.goto(`${server.base}${path}`);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${server.base}${team}/profile`);
    assert.match(await page.locator('main').innerText(), /blue folder/, 'the owner sees the Essentials');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false, 'the printed profile is just the profile');
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${server.base}${team}/invite`);
    await page.getByLabel(/Their email address/).fill('not-in-the-coop@example.org');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await expectNoAxeViolations(page);
    await page.context().close();

    const noScript = await as('rose', false);
    await noScript.goto(`${server.base}${team}/invite`);
    await noScript.getByLabel(/Their email address/).fill('not-in-the-coop@example.org');
    await noScript.getByLabel(/A message for them/).fill('Hello!');
    await noScript.getByRole('button', { name: 'Send the invitation' }).click();
    assert.match(await noScript.locator('#field-email-error').innerText(), /Nobody in the co-op has that email address/);
    assert.equal(await noScript.getByLabel(/A message for them/).inputValue(), 'Hello!');
    await noScript.context().close();
  });

  test('a volunteer sees only what the owner chose, and the leaving page; a supporter on a trial sees their trial', async () => {
    const priya = await as('priya');
    const team = await teamHref(priya, "Rose's Team");
    await priya.goto(`${server.base}${team}/profile`);
    await expectNoAxeViolations(priya);
    const text = await priya.locator('main').innerText();
    assert.match(text, /Radio 4/);
    assert.doesNotMatch(text, /blue folder|dosette/, 'Essentials and health are for the people Rose chose');
    await priya.goto(`${server.base}${team}/leave`);
    await expectNoAxeViolations(priya);
    await priya.goto(`${server.base}/teams`);
    await priya.locator('main a', { hasText: "Arthur's Team" }).first().click();
    await expectNoAxeViolations(priya);
    await priya.context().close();
    const priyaNoScript = await as('priya', false);
    await priyaNoScript.goto(`${server.base}/teams`);
    await priyaNoScript.locator('main a', { hasText: "Arthur's Team" }).first().click();
    await priyaNoScript.getByRole('button', { name: 'Accept: start a trial' }).click();
    assert.match(await priyaNoScript.locator('main').innerText(), /agreed to a trial/);
    await priyaNoScript.context().close();

    const sam = await as('sam');
    await sam.goto(`${server.base}/teams`);
    await sam.locator('main a', { hasText: "Arthur's Team" }).first().click();
    assert.match(await sam.locator('main').innerText(), /Trial: 2 sessions/);
    await expectNoAxeViolations(sam);
    await sam.context().close();
  });
});
