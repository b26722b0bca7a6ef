// The chat in a real browser: live messages without a reload (on one instance, and across two
// instances sharing one PostgreSQL), sending with and without JavaScript, and axe on each page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../src/demo/index.ts';
import { postMessage } from '../../src/modules/chat/commands/post-message.ts';
import { createApiToken } from '../../src/modules/people/commands/api-tokens.ts';
import type { Actor } from '../../src/platform/authz.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { run } from '../../src/platform/context.ts';
import type { Database } from '../../src/platform/db.ts';
import { type LiveServer, closeLive, expectNoAxeViolations, launchBrowser, noBrowser, openDemo, signInThroughForm, watchRequests, openFromPlace } from '../support/browser.ts';
import { freshPostgres } from '../support/db.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

const PASSWORD = 'demo password 1';

async function demoActor(database: Database, who: string): Promise<Actor> {
  const [row] = await database.query<{ id: string; name: string }>('SELECT id, name FROM people WHERE email = $1', [`${who}@demo.carecircles.org`]);
  if (!row) throw new Error(`no demo person ${who}`);
  return { personId: row.id, name: row.name, isAdmin: false, via: 'session' };
}

/** Open Rose's Team chat from the Chats page, as the nav link and the list would be used. */
async function openTeamChat(page: Page, base: string): Promise<string> {
  await page.goto(`${base}/chat`);
  await page.getByRole('link', { name: "Rose's Team" }).click();
  await page.waitForURL(/\/circles\/[0-9a-f-]{36}\/chat$/);
  return page.url().split('/')[4] as string;
}

const messages = (page: Page) => page.locator('#chat-messages');

describe('the chat in a browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openDemo(PASSWORD)));
  after(() => closeLive({ server, browser }));

  test('Rose reads the busy team chat, sees Sam’s message arrive live, and sends her own without a reload', async () => {
    const page = await (await browser.newContext()).newPage();
    const requests = watchRequests(page);
    await signInThroughForm(page, server.base, 'rose@demo.carecircles.org', PASSWORD);
    await openFromPlace(page, 'Teams', 'Chats');
    await expectNoAxeViolations(page);
    const teamId = await openTeamChat(page, server.base);
    await expectNoAxeViolations(page);
    await messages(page).getByText('The sun is out, the kettle is on.').waitFor();
    assert.ok((await messages(page).locator('li').count()) >= 12);
    await page.locator('.chat-log[data-connected="true"]').waitFor();
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

    await run(server.deps, await demoActor(server.database, 'sam'), postMessage, { circleId: teamId, body: 'On my way, <b>ten minutes</b>!' });
    await messages(page).getByText('On my way, <b>ten minutes</b>!').waitFor({ timeout: 1000 });

    await page.getByLabel('Your message').fill('Lovely, I will put the kettle on again.');
    await page.getByRole('button', { name: 'Send' }).click();
    await messages(page).getByText('Lovely, I will put the kettle on again.').waitFor({ timeout: 2000 });
    assert.equal(await page.getByLabel('Your message').inputValue(), '');
    await page.getByRole('button', { name: 'Send' }).click();
    assert.match((await page.locator('#field-body-error').textContent()) ?? '', /Write a message before sending/);
    await expectNoAxeViolations(page);
    assert.equal(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage), true, 'no reload');
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.base)), []);
    await page.context().close();
  });

  test('without JavaScript June sends by the plain form, sees her message after the redirect, and is told about an empty one', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInThroughForm(page, server.base, 'june@demo.carecircles.org', PASSWORD);
    await openTeamChat(page, server.base);
    await page.getByLabel('Your message').fill('Back on Monday. Thank you all for looking after Mum.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/chat#send$/);
    assert.ok(await messages(page).getByText('Back on Monday. Thank you all for looking after Mum.').isVisible());
    await page.getByRole('button', { name: 'Send' }).click();
    assert.ok(await page.getByRole('alert').isVisible());
    assert.match((await page.locator('#field-body-error').textContent()) ?? '', /Write a message before sending/);
    await context.close();
  });

  test('the page the server sends back for a refused message passes axe (the script blocked, as if it failed to load)', async () => {
    // axe itself needs JavaScript, so the plain-form error page is checked with only chat.js held back.
    const page = await (await browser.newContext()).newPage();
    await page.route('**/static/chat.js', (route) => route.abort());
    await signInThroughForm(page, server.base, 'priya@demo.carecircles.org', PASSWORD);
    await openTeamChat(page, server.base);
    await page.getByLabel('Your message').fill('x'.repeat(4001));
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#field-body-error').waitFor();
    assert.match((await page.locator('#field-body-error').textContent()) ?? '', /at most 4,000 characters/);
    assert.equal((await page.getByLabel('Your message').inputValue()).length, 4001, 'what was typed is kept');
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});

const twoInstancesSkip = noBrowser || (process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL: two server instances must share one PostgreSQL database');

describe('the chat across two server instances on one PostgreSQL', { skip: twoInstancesSkip }, () => {
  let database: Database;
  let a: ServerProcess;
  let b: ServerProcess;
  let browser: Browser;
  before(async () => {
    database = await freshPostgres(process.env.TEST_DATABASE_URL as string);
    await seedDemo({ database, clock: systemClock }, PASSWORD);
    const url = (database as Database & { url: string }).url;
    a = await startServerProcess({ DATABASE_URL: url, DEMO: 'false' });
    b = await startServerProcess({ DATABASE_URL: url, DEMO: 'false' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
    await b?.stop();
    await database?.close();
  });

  test('a message posted through instance B appears on a page served by instance A within a second', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, a.base, 'rose@demo.carecircles.org', PASSWORD);
    const teamId = await openTeamChat(page, a.base);
    await page.locator('.chat-log[data-connected="true"]').waitFor();
    const { token } = await run({ database, clock: systemClock }, await demoActor(database, 'priya'), createApiToken, { label: 'two instances' });

    const posted = await fetch(`${b.base}/api/v1/circles/${teamId}/chat/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Hello from the other server!' }),
    });
    assert.equal(posted.status, 201, await posted.clone().text());
    const started = Date.now();
    await messages(page).getByText('Hello from the other server!').waitFor({ timeout: 1000 });
    assert.ok(Date.now() - started < 1000);
    await page.context().close();
  });
});
