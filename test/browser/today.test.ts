// Home ("Today") in a real browser: it updates itself when something new needs the person
// (the pulse moves, the sections are fetched again) without a reload, keeps working without
// JavaScript, passes axe and fits a 320 px screen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { inviteToTeam } from '../../src/modules/teams/commands/joining.ts';
import { FakeClock } from '../../src/platform/clock.ts';
import { run } from '../../src/platform/context.ts';
import { PASSWORD, makePerson } from '../support/app.ts';
import { type LiveServer, expectNoAxeViolations, launchBrowser, noBrowser, signInThroughForm, startServer } from '../support/browser.ts';
import { teamWith } from '../support/teams.ts';

describe('home in a browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('an invitation appears on an open home without a reload; without JavaScript, on the next visit', async () => {
    const deps = { database: server.database, clock: new FakeClock(new Date()) };
    const person = await makePerson(deps, { name: 'Nell Newcomer' });
    const { teamId, owner } = await teamWith(deps);

    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    // The page's timers run on a clock the test moves: the 30-second pulse comes when asked.
    await page.clock.install();
    await signInThroughForm(page, server.base, person.email, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Hello, Nell Newcomer' }).waitFor();
    assert.match((await page.locator('#today-live').textContent()) ?? '', /Nothing needs you right now/);
    await expectNoAxeViolations(page);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll at 320 px');
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    await page.clock.runFor(31_000); // the first pulse has answered: the page knows its mark

    await run(server.deps, owner, inviteToTeam, { teamId, personId: person.personId, supporterKind: 'volunteer', message: 'Come and meet us.' });
    await page.clock.runFor(31_000);
    const invitation = page.locator('#today-live').getByRole('link', { name: "Answer your invitation to Owner's Team" });
    await invitation.waitFor({ timeout: 5000 });
    assert.match((await page.locator('#today-status').textContent()) ?? '', /Updated at/);
    assert.equal(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage), true, 'no reload');
    await expectNoAxeViolations(page);
    await invitation.click();
    await page.getByRole('button', { name: 'Accept: start a trial' }).waitFor();
    await context.close();

    const plain = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await plain.newPage();
    await signInThroughForm(noJs, server.base, person.email, PASSWORD);
    await noJs.locator('#today-live').getByRole('link', { name: "Answer your invitation to Owner's Team" }).waitFor();
    await plain.close();
  });
});
