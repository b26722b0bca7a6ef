import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD } from '../support/app.ts';
import { circleWith } from '../support/circles.ts';
import { type LiveServer, expectNoAxeViolations, noBrowser, signInThroughForm, closeLive, openLive } from '../support/browser.ts';

describe('the consent process in the browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openLive()));
  after(() => closeLive({ server, browser }));

  test('online round with an objection, resolved by amendment, adopted in a meeting round, into the logbook', async () => {
    const { circleId, people } = await circleWith(server.deps as never, ['full', 'full', 'full', 'guest']);
    const pages: Page[] = [];
    for (const p of people) {
      const page = await (await browser.newContext()).newPage();
      await signInThroughForm(page, server.base, p.email, PASSWORD);
      pages.push(page);
    }
    const [ann, bob, cy, guest] = pages as [Page, Page, Page, Page];
    const click = async (page: Page, name: string) => {
      await page.getByRole('button', { name, exact: true }).click();
      await expectNoAxeViolations(page);
    };

    await ann.goto(`${server.base}/circles/${circleId}`);
    await expectNoAxeViolations(ann);
    await ann.getByRole('link', { name: 'Bring a proposal' }).click();
    await expectNoAxeViolations(ann);
    await ann.getByLabel('Title').fill('Visit notes within a day');
    await ann.locator('#field-driver').fill('Notes written days later are not accurate.');
    await ann.locator('#field-text').fill('Supporters write visit notes on the same day.');
    await ann.locator('#field-reviewDate').fill('2027-06-30');
    await click(ann, 'Save as draft');
    const proposalUrl = ann.url();
    await click(ann, 'Present it');
    await click(ann, 'Start clarifying questions');

    await bob.goto(proposalUrl);
    await bob.getByLabel('Your question').fill('Does a voice note count?');
    await click(bob, 'Ask');
    await ann.goto(proposalUrl);
    await ann.getByLabel('Answer').fill('Yes, if it is transcribed the same day.');
    await click(ann, 'Answer');
    await click(ann, 'Start reactions');
    await bob.goto(proposalUrl);
    await bob.getByLabel('Your brief reaction').fill('Same day is hard after a late visit.');
    await click(bob, 'Add reaction');

    await ann.goto(proposalUrl);
    await ann.locator('#field-mode').selectOption('online');
    await ann.getByLabel('Deadline (online only)').fill('2099-01-01T12:00');
    await click(ann, 'Start the consent round');

    const answer = async (page: Page, response: 'consent' | 'objection', text?: string) => {
      await page.goto(proposalUrl);
      await page.locator('#field-response').selectOption(response);
      if (response === 'objection' && text) await page.locator('#field-reason').fill(text);
      if (response === 'consent' && text) await page.locator('#field-concern').fill(text);
      await click(page, 'Record answer');
    };
    await answer(ann, 'consent');
    await answer(cy, 'consent', 'Keep an eye on evening visits.');
    await answer(bob, 'objection', 'After a 10pm visit the same day is impossible, so supporters would stop taking late visits.');
    // A guest follows the round but has no answer form.
    await guest.goto(proposalUrl);
    assert.equal(await guest.getByRole('button', { name: 'Record answer' }).count(), 0);
    await expectNoAxeViolations(guest);

    await ann.goto(proposalUrl);
    await click(ann, 'Close the round');
    assert.match((await ann.locator('main').textContent()) ?? '', /Resolving objections/);
    await ann.getByRole('button', { name: 'Amend' }).click();
    await expectNoAxeViolations(ann);
    await ann.locator('#field-text').fill('Supporters write visit notes by noon the next day.');
    await ann.locator('#field-reason').fill("Resolves Bob's objection about late visits.");
    await click(ann, 'Save the new version');
    // The circle meets: Ann schedules and opens the meeting, facilitating; Bob and Cy check in.
    await ann.goto(`${server.base}/circles/${circleId}/meetings`);
    await ann.getByLabel('Date and time').fill('2026-01-20T18:00');
    await ann.getByLabel('Place or call link').fill('The library');
    await click(ann, 'Schedule');
    const meetingUrl = ann.url();
    await click(ann, 'Open the meeting');
    for (const page of [bob, cy]) {
      await page.goto(meetingUrl);
      await click(page, "I'm here: check me in");
    }
    await ann.goto(proposalUrl);
    await ann.locator('#field-mode').selectOption('meeting');
    await ann.locator('#field-meetingId').selectOption({ index: 1 });
    await click(ann, 'Start the consent round');
    // In the meeting the facilitator records the answers of the people present.
    for (const person of people.slice(0, 3)) {
      await ann.locator('#field-personId').selectOption(person.personId);
      await ann.locator('#field-response').selectOption('consent');
      await click(ann, 'Record answer');
    }
    await click(ann, 'Close the round');
    await ann.getByRole('link', { name: 'See the logbook entry' }).click();
    await expectNoAxeViolations(ann);
    const entry = (await ann.locator('main').textContent()) ?? '';
    assert.match(entry, /by noon the next day/);
    assert.match(entry, /review by 2027-06-30/);
    assert.match(entry, /objected/);
    assert.match(entry, /Version 2/);
    for (const path of ['/reviews', `/logbook?circle=${circleId}`, '/me/notifications']) {
      await bob.goto(`${server.base}${path}`);
      await expectNoAxeViolations(bob);
    }
    for (const page of pages) await page.context().close();
  });
});
