import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { run } from '../../src/platform/context.ts';
import { linkPerson, moveEnquiry, recordStage } from '../../src/modules/starter/commands/enquiries.ts';
import { actorOf, beginning, enquiry, localCircle } from '../../src/modules/starter/test-support.ts';
import { PASSWORD } from '../support/app.ts';
import { type LiveServer, expectNoAxeViolations, noBrowser, signInThroughForm, closeLive, openLive } from '../support/browser.ts';

describe('a Team Starter runs the board in the browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openLive()));
  after(() => closeLive({ server, browser }));

  test('board and enquiry pages pass axe; a new enquiry goes through stages 1 and 2 with the keyboard', async () => {
    const { circleId, starter, supported } = await localCircle(server.deps, PASSWORD);
    const page: Page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, starter.email, PASSWORD);
    const press = async (name: string) => {
      await page.getByRole('button', { name, exact: true }).press('Enter');
      await page.waitForLoadState();
      await expectNoAxeViolations(page);
    };

    await page.goto(`${server.base}/starter`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: /^Local/ }).press('Enter');
    await page.waitForURL(`**/circles/${circleId}/board`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Record a new enquiry' }).press('Enter');
    await page.waitForURL('**/enquiries/new');
    await expectNoAxeViolations(page);

    // A mistake first: the form comes back with the problems listed and beside their fields.
    await page.locator('#field-forName').fill('Nora Nightingale');
    await page.locator('#field-postcode').fill('not a postcode');
    await press('Save the enquiry');
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /Enter the postcode/);
    assert.equal(await page.locator('#field-forName').inputValue(), 'Nora Nightingale');

    await page.locator('#field-helpWanted').fill('Company and help with meals.');
    await page.locator('#field-needsAndTimings').fill('Three evenings a week.');
    await page.locator('#field-postcode').fill('HX1 3TT');
    await page.locator('#field-funding').selectOption('self');
    await press('Save the enquiry');
    assert.match(page.url(), /\/enquiries\/[0-9a-f-]{36}$/);
    assert.match((await page.locator('main').textContent()) ?? '', /Company and help with meals/);

    await press('Begin the relationship (stage 2)');
    await page.locator('#field-routines').fill('Up late, long breakfast, soaps in the afternoon.');
    await page.locator('#field-supportWanted').fill('Cooking together, company.');
    await page.locator('#field-personalCareOrMedicines').selectOption('no');
    await press('Save stage 2');
    await press('Find the right match (stage 3)');
    const main = (await page.locator('main').textContent()) ?? '';
    assert.match(main, /finding the right match \(stage 3\)/);
    assert.match(main, /Cooking together, company/);

    await page.goto(`${server.base}/circles/${circleId}/board`);
    await expectNoAxeViolations(page);
    assert.match((await page.locator('section', { has: page.getByRole('heading', { name: /^Introductions/ }) }).textContent()) ?? '', /Nora Nightingale/);

    // Stage 5, where the team is started: every form on the page passes too, and so does a refusal.
    const me = actorOf(starter);
    const ready = await enquiry(server.deps, circleId, me);
    for (const [command, input] of [[moveEnquiry, { step: 'begin' }], [recordStage, beginning('no')], [moveEnquiry, { step: 'match' }], [recordStage, { consentToShare: 'no' }], [moveEnquiry, { step: 'agree-profiles' }], [linkPerson, { personId: supported.personId }]] as const) {
      await run(server.deps, me, command as typeof recordStage, { enquiryId: ready, ...input });
    }
    await page.goto(`${server.base}/enquiries/${ready}`);
    await expectNoAxeViolations(page);
    assert.equal(await page.getByRole('button', { name: 'Start the team', exact: true }).count(), 1);
    // Stage 6 needs the team started first: the page does not offer a step the command would refuse.
    assert.equal(await page.getByRole('button', { name: 'Build the team (stage 6)', exact: true }).count(), 0);
    await page.context().close();
  });
});
