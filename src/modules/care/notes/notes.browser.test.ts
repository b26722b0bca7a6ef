// Care notes, the MAR and "who has seen my records" in a real browser on the demo co-op: a note
// written and amended, its versions, the MAR and its printout, Rose's list; axe on every page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openDemo, signInThroughForm, openFromPlace } from '../../../../test/support/browser.ts';
import { careNotesDemo } from '../../../demo/care-notes.ts';
import { circles } from '../../circles/schema.ts';
import { people } from '../../people/schema.ts';
import { medicines } from '../schema.ts';

const PASSWORD = 'demo password 1';

describe('care notes, MAR and who has seen in a browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  let teamId: string;
  before(async () => {
    ({ server, browser } = await openDemo(PASSWORD));
    const db = server.database.db;
    const [team] = await db.select({ id: circles.id }).from(circles).where(eq(circles.name, "Rose's Team"));
    teamId = team?.id as string;
    // The demo index may or may not call the care-notes demo yet: add it once if it has not run.
    if ((await db.select({ id: medicines.id }).from(medicines).where(eq(medicines.teamId, teamId))).length === 0) {
      const ids = Object.fromEntries((await db.select({ id: people.id, email: people.email }).from(people)).map((p) => [p.email.split('@')[0], p.id]));
      await careNotesDemo(server.deps, ids);
    }
  });
  after(() => closeLive({ server, browser }));

  const as = async (who: string): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.base, `${who}@demo.carecircles.org`, PASSWORD);
    return page;
  };

  test('Sam writes a note, amends it and sees both versions', async () => {
    const page = await as('sam');
    await page.goto(`${server.base}/teams/${teamId}/notes`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: /Evening visit ended at 19:30/ }).waitFor();
    await page.getByRole('link', { name: 'Write a note' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('The note').fill('Rose planted the sweet peas.\nWatered them in; she wants to check them on Friday.');
    await page.getByRole('button', { name: 'Save the note' }).click();
    await page.waitForURL(/\/notes\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);
    await page.getByRole('heading', { level: 1, name: 'Rose planted the sweet peas.' }).waitFor();
    await page.getByRole('link', { name: 'Amend this note' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('The note as it should read').fill('Rose planted the sweet peas and the lettuce.\nWatered them in; she wants to check them on Friday.');
    await page.getByLabel('Why you are amending it').fill('forgot the lettuce');
    await page.getByRole('button', { name: 'Save the amendment' }).click();
    await page.waitForURL(/\/notes\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);
    await page.getByRole('heading', { name: 'Earlier versions' }).waitFor();
    await page.getByText(/Amended .* by Sam Hughes: forgot the lettuce/).waitFor();
    await page.getByText('Rose planted the sweet peas.', { exact: false }).last().waitFor(); // the first version is still shown
    await page.context().close();
  });

  test('the MAR shows each dose and prints without its forms', async () => {
    const page = await as('sam');
    await page.goto(`${server.base}/teams/${teamId}/mar`);
    await expectNoAxeViolations(page);
    await page.getByRole('heading', { level: 1, name: /Medication record \(MAR\): Rose Pennington/ }).waitFor();
    await page.getByRole('link', { name: 'Previous day' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('rowheader', { name: /Metformin/ }).waitFor();
    assert.ok((await page.getByRole('cell', { name: /Given/ }).count()) > 0);
    await page.goto(`${server.base}/teams/${teamId}/medicines/new`);
    await expectNoAxeViolations(page);
    await page.goto(`${server.base}/teams/${teamId}/mar`);
    await page.emulateMedia({ media: 'print' });
    await page.getByRole('table').waitFor(); // the chart prints
    assert.equal(await page.locator('form').first().isVisible(), false, 'forms are left off the printout');
    assert.equal(await page.getByRole('link', { name: 'Add a medicine' }).isVisible(), false);
    await page.context().close();
  });

  test("Rose sees who has read her records, the safeguarding opening flagged in words", async () => {
    const page = await as('rose');
    await openFromPlace(page, 'Me', 'Who has seen my records');
    await expectNoAxeViolations(page);
    await page.getByRole('heading', { level: 1, name: 'Who has seen your records' }).waitFor();
    assert.ok((await page.getByRole('cell', { name: /Special access: safeguarding: Priya raised a concern/ }).count()) > 0);
    assert.ok((await page.getByRole('cell', { name: 'Priya Shah' }).count()) > 0);
    await page.context().close();
    const tom = await as('tom');
    await tom.goto(`${server.base}/records/open`);
    await expectNoAxeViolations(tom);
    await tom.context().close();
  });

  test('with JavaScript off, a note without words comes back with the mistake beside the field', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInThroughForm(page, server.base, 'priya@demo.carecircles.org', PASSWORD);
    await page.goto(`${server.base}/teams/${teamId}/notes/new`);
    await page.getByRole('button', { name: 'Save the note' }).click();
    await page.locator('#field-text-error').waitFor();
    assert.match(await page.locator('#field-text-error').textContent() ?? '', /Write the note/);
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await context.close();
  });
});
