import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, noBrowser } from '../support/browser.ts';

// Every browser suite trusts axeViolations to say a page is clean; this shows it is not blind:
// a page with known faults is named by rule, and the same page with them mended is clean.
describe('the axe check the browser tests use', { skip: noBrowser }, () => {
  let browser: Browser;
  before(async () => (browser = await launchBrowser()));
  after(() => browser?.close());

  const page = (body: string) => `<!doctype html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1>${body}</main></body></html>`;

  test('names an image without a text alternative, an unlabelled field and text too faint to read', async () => {
    const tab = await browser.newPage();
    await tab.setContent(page('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"><p style="color:#ccc;background:#fff">Faint words</p>'));
    const rules = (await axeViolations(tab)).map((v) => v.split(':')[0]).sort();
    assert.deepEqual(rules, ['color-contrast', 'image-alt', 'label']);
    await tab.close();
  });

  test('finds nothing once they are mended', async () => {
    const tab = await browser.newPage();
    await tab.setContent(page('<img alt="A dot" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><label>Name <input type="text"></label><p style="color:#333;background:#fff">Clear words</p>'));
    assert.deepEqual(await axeViolations(tab), []);
    await tab.close();
  });
});
