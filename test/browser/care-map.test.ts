import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openDemo, signInThroughForm } from '../support/browser.ts';

const PASSWORD = 'demo password 1';

// Rose's circle of support in the demo: on the team page and on its own printable page, clean
// for axe, no sideways scrolling at 320 px, printable, and kept up to date without JavaScript.
describe('the care map in a browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openDemo(PASSWORD)));
  after(() => closeLive({ server, browser }));
  const as = async (who: string, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> => {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: options.width ?? 1280, height: 900 } });
    const page = await context.newPage();
    await signInThroughForm(page, server.base, `${who}@demo.carecircles.org`, PASSWORD);
    return page;
  };
  const roseTeam = async (page: Page) => {
    await page.goto(`${server.base}/teams`);
    return (await page.locator('main a', { hasText: "Rose's Team" }).first().getAttribute('href')) as string;
  };
  const fitsWidth = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, window: window.innerWidth }));

  test('the team page and the printable map pass axe and do not scroll sideways at 320 px', async () => {
    const page = await as('priya', { width: 320 });
    const team = await roseTeam(page);
    for (const path of [team, `${team}/care-map`]) {
      await page.goto(`${server.base}${path}`);
      const map = page.locator('svg.care-map-svg');
      assert.equal(await map.getAttribute('role'), 'img', `${path}: the picture is one image`);
      assert.match((await page.locator(`#${await map.getAttribute('aria-labelledby')}`).textContent()) ?? '', /^Rose Pennington's circle of support$/);
      assert.ok(((await map.boundingBox())?.width ?? 999) <= 320, `${path}: the picture scales down`);
      const { scroll, window } = await fitsWidth(page);
      assert.ok(scroll <= window, `${path}: ${scroll}px wide in a ${window}px window`);
      await expectNoAxeViolations(page);
      const list = await page.locator('.care-map-text').innerText();
      for (const words of ['Tuesday lunch club', 'Calder Surgery (GP)', 'Margaret next door', 'generative care', 'inactive care', 'Paid supporters', 'Volunteers']) assert.ok(list.includes(words), `${path}: the list says ${words}`);
    }
    assert.equal(await page.locator('form[action$="/care-map"]').count(), 0, 'a volunteer reads the map but is offered no form');
    await page.context().close();
  });

  test('the map prints on its own: no site header or forms, the picture and the list', async () => {
    const page = await as('rose');
    await page.goto(`${server.base}${await roseTeam(page)}/care-map`);
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Add to the map' }).isVisible(), false);
    assert.equal(await page.locator('svg.care-map-svg').isVisible(), true);
    assert.equal(await page.locator('.care-map-text').isVisible(), true);
    await page.context().close();
  });

  test('the owner adds and changes a connection without JavaScript; a mistake is told beside the field', async () => {
    const page = await as('rose', { javaScriptEnabled: false, width: 320 });
    const map = `${server.base}${await roseTeam(page)}/care-map`;
    await page.goto(map);
    await page.locator('#field-name').fill('Knit and natter');
    await page.getByRole('button', { name: 'Add to the map' }).click();
    assert.match(await page.locator('#field-kind-error').innerText(), /Choose what it is/);
    assert.match(await page.locator('#field-care-error').innerText(), /Choose the kind of care/);
    assert.equal(await page.locator('#field-name').inputValue(), 'Knit and natter', 'what was typed is kept');
    await page.getByLabel('What it is').selectOption('group');
    await page.getByLabel('The care along this link').selectOption('engaged');
    await page.getByRole('button', { name: 'Add to the map' }).click();
    assert.equal(new URL(page.url()).pathname.endsWith('/care-map'), true);
    assert.match(await page.locator('.care-map-text').innerText(), /Knit and natter \(group\): engaged care/);
    assert.equal(await page.locator('svg.care-map-svg text', { hasText: 'Knit and natter' }).count(), 1, 'drawn in the picture too');

    await page.getByRole('link', { name: 'Change Knit and natter' }).click();
    await page.getByLabel('The care along this link').selectOption('generative');
    await page.getByRole('button', { name: 'Save the change' }).click();
    assert.match(await page.locator('.care-map-text').innerText(), /Knit and natter \(group\): generative care/);
    await page.getByRole('button', { name: 'Remove Knit and natter from the map' }).click();
    assert.doesNotMatch(await page.locator('.care-map-text').innerText(), /Knit and natter/);
    const { scroll, window } = await fitsWidth(page);
    assert.ok(scroll <= window, `the owner's page with its forms: ${scroll}px in ${window}px`);
    await page.context().close();
  });
});
