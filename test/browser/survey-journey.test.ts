// A social climate survey round (issue 22) in a real browser, WITHOUT JavaScript, at 320 px:
// the Purpose Circle consents to a round (the consent commands the proposal pages run), Tom
// opens it on that decision on the circle's survey page, the demo people answer it from their
// home page, Tom closes it from the round's page, and its results are shown with the small
// groups folded into "others". Every page is checked for sideways scrolling and with axe.
//
// axe cannot run in a page whose JavaScript is off (its timers never fire, so it waits for
// ever: what hung the first attempt). So each page's HTML, exactly as the no-JavaScript page
// has it, is handed to a twin page (JavaScript on, scripts taken out, the same 320 px and the
// same style sheets from the server) and axe checks that.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fullParticipants } from '../../src/modules/decisions/load.ts';
import { adoptByConsent } from '../../src/modules/decisions/mandates/test-support.ts';
import { circles } from '../../src/modules/circles/schema.ts';
import { people } from '../../src/modules/people/schema.ts';
import { STANDARD_SET_ID } from '../../src/modules/survey/standard-set.ts';
import { scaleLabels } from '../../src/modules/survey/words.ts';
import type { Actor } from '../../src/platform/authz.ts';
import type { FakeClock } from '../../src/platform/clock.ts';
import { addDays, localDate } from '../../src/platform/zoned-time.ts';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openDemo } from '../support/browser.ts';

const PASSWORD = 'demo password 1';
const WIDTH = 320;
const TITLE = 'Winter check-in';

describe('a survey round without JavaScript at 320 px', { skip: noBrowser, timeout: 600_000 }, () => {
  let server: LiveServer;
  let browser: Browser;
  let twins: BrowserContext;
  before(async () => {
    ({ server, browser } = await openDemo(PASSWORD));
    twins = await browser.newContext({ viewport: { width: WIDTH, height: 720 } });
  }, { timeout: 300_000 });
  after(() => closeLive({ server, browser }));

  /** A person's own browser: JavaScript off, 320 px wide, short waits so a failure fails fast. */
  const signedIn = async (who: string): Promise<Page> => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: WIDTH, height: 720 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.setDefaultNavigationTimeout(20_000);
    await page.goto(`${server.base}/sign-in`);
    await page.getByLabel('Email address').fill(`${who}@demo.carecircles.org`);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    return page;
  };

  /** No sideways scroll at 320 px, and axe clean (on a twin of exactly this HTML, see above). */
  const checked = new Set<string>();
  const check = async (page: Page, what: string, axe = true) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= WIDTH, `${what}: the page scrolls sideways at ${WIDTH} px (${width} px wide)`);
    if (!axe) return;
    checked.add(what);
    const url = page.url();
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
    const twin = await twins.newPage();
    twin.setDefaultTimeout(30_000);
    await twin.route((u) => u.href === url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await twin.goto(url);
    try {
      await expectNoAxeViolations(twin);
    } finally {
      await twin.close();
    }
  };
  const press = async (page: Page, name: string, url: RegExp) => {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForURL(url);
  };
  const main = (page: Page) => page.locator('main').innerText();

  test('opened on the circle’s decision, answered by seven demo people, closed, results with small groups folded', { timeout: 600_000 }, async (t) => {
    const started = Date.now();
    const deps = { database: server.database, clock: server.deps.clock as FakeClock };
    const db = server.database.db;
    const [purpose] = (await db.select().from(circles)).filter((c) => c.name === 'Purpose Circle');
    assert.ok(purpose);
    const byEmail = new Map((await db.select({ id: people.id, email: people.email }).from(people)).map((p) => [p.email, p.id]));
    const actor = (personId: string): Actor => ({ personId, name: 'Member', isAdmin: false, via: 'session' });
    const tom = actor(byEmail.get('tom@demo.carecircles.org') as string);

    // The circle consents to the round by the consent process the proposal pages run.
    const today = localDate(new Date());
    const others = (await fullParticipants(db, purpose.id, new Date())).filter((id) => id !== tom.personId).map(actor);
    await adoptByConsent(deps, purpose.id, tom, others, [{ kind: 'run_survey_round', title: TITLE, setId: STANDARD_SET_ID, audienceCircleId: '', opensOn: today, closesOn: addDays(today, 13) }]);

    // Tom opens it on that decision from the circle's survey page.
    const tomPage = await signedIn('tom');
    await tomPage.goto(`${server.base}/circles/${purpose.id}/survey`);
    await check(tomPage, 'the circle’s survey page');
    const decision = await tomPage.locator('select[name="decisionId"] option', { hasText: TITLE }).first().getAttribute('value');
    await tomPage.getByLabel('The decision').selectOption(decision as string);
    await press(tomPage, 'Open the round', /\/survey\/rounds\/[0-9a-f-]{36}$/);
    const roundUrl = tomPage.url();
    assert.match(await main(tomPage), /0 of 7 people asked have answered/);
    await check(tomPage, 'the round, as the circle sees it');
    t.diagnostic(`opened after ${Date.now() - started} ms`);

    // Each demo person asked answers from their home page.
    const answerers = ['sam', 'priya', 'admin', 'rose', 'arthur', 'june', 'tom'];
    for (const [n, who] of answerers.entries()) {
      const page = who === 'tom' ? tomPage : await signedIn(who);
      await page.goto(`${server.base}/`);
      if (n === 0) await check(page, 'home, with the survey to answer');
      await page.locator('main').getByRole('link', { name: `Answer the survey: ${TITLE}` }).click();
      await page.waitForURL(roundUrl);
      if (await page.getByRole('button', { name: 'Show the statements' }).count()) {
        if (n === 0) await check(page, 'choosing the team or circle to answer about');
        await press(page, 'Show the statements', /\?about=/);
      }
      const statements = page.locator('main form fieldset.scale');
      const count = await statements.count();
      assert.ok(count >= 6, `${who} has the statements of their group`);
      if (n === 0) {
        // Sent with one statement unanswered: the page comes back with the error beside it.
        for (let i = 1; i < count; i += 1) await statements.nth(i).getByLabel(scaleLabels[3], { exact: true }).check();
        await page.getByRole('button', { name: 'Send my answers' }).click();
        await page.locator('.field-error').first().waitFor();
        assert.match(await statements.nth(0).innerText(), /Choose how true this is for you/);
        await check(page, 'the answers, with an error');
      }
      for (let i = 0; i < count; i += 1) await statements.nth(i).getByLabel(scaleLabels[(n + i) % 5] as string, { exact: true }).check();
      if (n === 1) await page.getByLabel('Anything you want to add? (you can leave this empty)').first().fill('The rota is clearer now.');
      if (n === 0) await check(page, 'the answers, filled in', false);
      await press(page, 'Send my answers', /answered=1/);
      assert.match(await main(page), /Thank you: your answers are in/);
      if (n === 0) await check(page, 'thanked');
      // Once only: the round no longer offers the form, and home no longer asks.
      await page.goto(roundUrl);
      assert.equal(await page.getByRole('button', { name: 'Send my answers' }).count(), 0, `${who} cannot answer twice`);
      await page.goto(`${server.base}/`);
      assert.equal(await page.locator('main').getByRole('link', { name: `Answer the survey: ${TITLE}` }).count(), 0);
      if (page !== tomPage) await page.context().close();
    }
    t.diagnostic(`answered after ${Date.now() - started} ms`);

    // Tom closes it from the round's page; the results are shown.
    await tomPage.goto(roundUrl);
    assert.match(await main(tomPage), /7 of 7 people asked have answered/);
    await press(tomPage, 'Close the round now', /\/survey\/rounds\/[0-9a-f-]{36}$/);
    await check(tomPage, 'the round, closed');
    await tomPage.getByRole('link', { name: 'See the results' }).click();
    await tomPage.waitForURL(/\/results$/);
    await check(tomPage, 'the results');
    const results = await main(tomPage);
    assert.match(results, /7 people answered\./);
    assert.match(results, /Everyone who answered/);
    // Four workers, one family member and two people getting support: every group is under
    // five, so all are folded into "others" (7), and none is shown on its own anywhere.
    const groups = await tomPage.locator('section[aria-labelledby="groups-h"]').innerText();
    assert.match(groups, /Others \(groups of fewer than five, together\)/);
    for (const small of ['Families', 'People getting support', 'Workers and volunteers']) assert.doesNotMatch(groups, new RegExp(small), `${small} (under five) is folded into others`);
    assert.match(await tomPage.locator('section[aria-labelledby="statements-h"]').innerText(), /No group answered by five or more people/);
    assert.doesNotMatch(results, /The rota is clearer now/, 'no comment of a group under five');
    assert.ok((await tomPage.locator('main svg').count()) >= 1, 'the results are drawn');
    t.diagnostic(`results after ${Date.now() - started} ms; axe on ${checked.size} pages`);
  });
});
