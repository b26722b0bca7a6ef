// Matching in a real browser, on the demo co-op: the Giving Support Profile form (with a
// refusal shown beside its field and what was typed kept), the printable profile, the search,
// call-outs and a team's shortlist, each checked with axe.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openDemo, signInThroughForm, watchRequests, openFromPlace } from '../support/browser.ts';

const PASSWORD = 'demo password 1';

describe('matching pages in a browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  const idOf = async (sql: string, value: string) => ((await server.database.query<{ id: string }>(sql, [value]))[0]?.id ?? '') as string;
  before(async () => ({ server, browser } = await openDemo(PASSWORD)));
  after(() => closeLive({ server, browser }));

  test('Priya edits her profile, is told plainly about an unknown postcode, prints her profile and sees a call-out', async () => {
    const page = await (await browser.newContext()).newPage();
    const requests = watchRequests(page);
    await signInThroughForm(page, server.base, 'priya@demo.carecircles.org', PASSWORD);
    await openFromPlace(page, 'Me', 'Giving support');
    await expectNoAxeViolations(page);
    assert.equal(await page.getByLabel('Your postcode').inputValue(), 'HX3 6SN');
    assert.ok(await page.getByRole('checkbox', { name: 'Tuesday afternoon' }).isChecked());

    await page.getByLabel('Your postcode').fill('ZZ9 9ZZ');
    await page.getByLabel('Languages you speak').fill('English, Gujarati, Hindi, Urdu');
    await page.getByRole('button', { name: 'Save my profile' }).click();
    await expectNoAxeViolations(page);
    assert.match(await page.locator('#field-postcode-error').textContent() ?? '', /We do not know that postcode area yet/);
    assert.equal(await page.getByLabel('Your postcode').inputValue(), 'ZZ9 9ZZ', 'what was typed is kept');
    assert.equal(await page.getByLabel('Languages you speak').inputValue(), 'English, Gujarati, Hindi, Urdu');
    assert.ok(await page.getByRole('checkbox', { name: 'Tuesday afternoon' }).isChecked(), 'ticked boxes stay ticked');

    await page.getByLabel('Your postcode').fill('hx3 6sn');
    await page.getByRole('button', { name: 'Save my profile' }).click();
    await page.waitForURL(/done=saved/);
    await page.getByRole('link', { name: /ready to print/ }).click();
    await expectNoAxeViolations(page);
    assert.ok(await page.getByRole('heading', { name: 'Giving Support Profile: Priya Shah' }).isVisible());
    assert.ok(await page.getByText('English, Gujarati, Hindi, Urdu').isVisible());
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false, 'the printed copy has no navigation');
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${server.base}/call-outs`);
    await expectNoAxeViolations(page);
    assert.ok(await page.getByText(/market on Saturdays/).isVisible());
    await page.getByLabel('A message for the team (optional)').fill('I could come on Thursdays.');
    await page.getByRole('button', { name: "I'm interested" }).click();
    await page.waitForURL(/done=interest/);
    await expectNoAxeViolations(page);
    assert.ok(await page.getByText('You have said you are interested.').isVisible());
    assert.deepEqual(requests.filter((url) => !url.startsWith(server.base)), []);
    await page.context().close();
  });

  test("Tom searches near Halifax, and keeps Rose's Team's shortlist; Rose consents to call-outs from her page", async () => {
    const teamId = await idOf('SELECT id FROM circles WHERE name = $1', "Rose's Team");
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, 'tom@demo.carecircles.org', PASSWORD);
    await page.goto(`${server.base}/matching?team=${teamId}`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Search from postcode').fill('HX1');
    await page.getByRole('checkbox', { name: 'Personal care' }).check();
    await page.getByRole('button', { name: 'Search' }).click();
    await expectNoAxeViolations(page);
    const results = page.locator('.search-results h3');
    const names = await results.allTextContents();
    assert.equal(names[0], 'Bilal Hussain', 'the nearest personal-care supporter first');
    assert.ok(!names.includes('Priya Shah') && !names.includes('Aisha Begum'), 'volunteers offer no personal care');
    assert.ok(await page.getByText(/^\d+\.\d miles away/).first().isVisible());

    await page.getByRole('button', { name: "Add Kath Moorhouse to the shortlist for Rose's Team" }).click();
    await page.waitForURL(new RegExp(`/matching/teams/${teamId}$`));
    await expectNoAxeViolations(page);
    assert.ok(await page.getByRole('heading', { name: 'Kath Moorhouse' }).isVisible());
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expectNoAxeViolations(page);
    assert.match(await page.locator('#field-text-error').textContent() ?? '', /Write the opportunity summary/);
    await page.getByLabel('Opportunity summary').fill('Evening company twice a week, near Halifax.');
    await page.getByLabel('Area').fill('HX3');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForURL(new RegExp(`/matching/teams/${teamId}$`));
    assert.ok(await page.getByText('Draft: waiting for the owner’s consent').isVisible());
    await page.context().close();

    const rose = await (await browser.newContext()).newPage();
    await signInThroughForm(rose, server.base, 'rose@demo.carecircles.org', PASSWORD);
    await rose.goto(`${server.base}/call-outs`);
    await rose.getByRole('link', { name: "Call-outs and shortlist for Rose's Team" }).click();
    await expectNoAxeViolations(rose);
    assert.ok(await rose.getByText('Area: HX3 · Shared with supporters nearby').isVisible());
    await rose.getByRole('button', { name: 'I consent to sharing this call-out' }).click();
    await expectNoAxeViolations(rose);
    assert.ok(await rose.getByText('Area: HX3 · The owner has consented: ready to share').isVisible());
    await rose.context().close();
  });
});
