// A trial as the domain describes it (DOMAIN.md 4), through the pages alone: the owner invites a
// paid worker and a volunteer, each accepts a trial; the paid worker proposes the trial rate and
// the owner agrees it; the owner books a trial visit with the worker; it ends and becomes a care
// log both sides confirm, priced at the trial rate; the volunteer logs the support they gave
// on the add-a-log page, the owner confirms it and it earns care credits; the debrief lets the
// worker join the team.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addDays, wallClock } from '../../src/modules/care/visits/times.ts';
import { acceptPromise } from '../../src/modules/teams/commands/team.ts';
import { DAY, FakeClock } from '../../src/platform/clock.ts';
import { run } from '../../src/platform/context.ts';
import { runOneJob } from '../../src/platform/jobs.ts';
import { PASSWORD, makePerson } from '../support/app.ts';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openLive, signedInPage } from '../support/browser.ts';
import { teamWith } from '../support/teams.ts';

describe('a trial from invitation to debrief', { skip: noBrowser }, () => {
  // The server runs on the test's clock, so the trial visit can end without the test waiting.
  const clock = new FakeClock(new Date());
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openLive(clock)));
  after(() => closeLive({ server, browser }));

  const signedIn = (email: string): Promise<Page> => signedInPage(browser, server.base, email, PASSWORD);
  const press = async (page: Page, name: string) => {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForLoadState();
  };
  const follow = async (page: Page, name: string) => {
    await page.getByRole('link', { name, exact: true }).click();
    await page.waitForLoadState();
  };
  const main = (page: Page) => page.locator('main').innerText();

  test('invited, rate agreed, trial visit logged and paid, volunteer support credited, debriefed into the team', async () => {
    const deps = { database: server.database, clock };
    const { teamId, owner, ownerEmail } = await teamWith(deps, 0);
    await run(deps, owner, acceptPromise, { teamId, agree: 'on' });
    const pia = await makePerson(deps, { name: 'Pia Paid' });
    const vic = await makePerson(deps, { name: 'Vic Volunteer' });
    const rose = await signedIn(ownerEmail);

    // The owner invites each through the invitation form; each accepts a trial on their own page.
    const joinPages: Record<string, string> = {};
    for (const [person, kind] of [[pia, 'paid'], [vic, 'volunteer']] as const) {
      await rose.goto(`${server.base}/teams/${teamId}/invite`);
      await rose.getByLabel('Their email address (they must already be in the co-op)').fill(person.email);
      await rose.getByLabel('How they would support the team').selectOption(kind);
      await press(rose, 'Send the invitation');
      joinPages[kind] = rose.url();
    }
    const piaPage = await signedIn(pia.email);
    const vicPage = await signedIn(vic.email);
    for (const [page, kind] of [[piaPage, 'paid'], [vicPage, 'volunteer']] as const) {
      await page.goto(joinPages[kind] as string);
      await press(page, 'Accept: start a trial');
      assert.match(await main(page), /agreed to a trial/);
    }
    await expectNoAxeViolations(piaPage);

    // Pia proposes her trial rate from her trial's page; Rose agrees it on the team's money page.
    const month = wallClock(clock.now()).date.slice(0, 7);
    await follow(piaPage, 'Your trial rate');
    await follow(piaPage, 'Propose a rate');
    await piaPage.getByLabel('Hourly rate in pounds (from 1.00 to 200.00)').fill('20.00');
    await piaPage.getByLabel('The payer’s name').fill('Owner personal budget');
    await piaPage.getByLabel('Prices support from (optional)').fill(`${month}-01`);
    await press(piaPage, 'Propose this rate');
    await rose.goto(`${server.base}/teams/${teamId}/money`);
    await press(rose, 'Agree this rate');
    await piaPage.reload();
    assert.match(await main(piaPage), /in force/);

    // Rose books tomorrow's trial visit with Pia from Pia's trial page.
    await rose.goto(joinPages.paid as string);
    await follow(rose, 'Book a trial visit');
    const day = addDays(wallClock(clock.now()).date, 1);
    await rose.getByLabel('Kind of visit').selectOption('trial');
    await rose.getByLabel('Date', { exact: true }).fill(day);
    await rose.getByLabel('Start time').fill('10:00');
    await rose.getByLabel('End time').fill('11:00');
    await rose.getByLabel('Where: an address, or a call or video link').fill('1 Mill Lane, Halifax');
    await rose.getByLabel(/Pia Paid \(paid\) on trial/).check();
    await press(rose, 'Book the visit');
    await rose.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
    const visitUrl = rose.url();

    // Pia sees it among her visits and on its page, without the team's rota or its changes.
    await piaPage.goto(`${server.base}/visits`);
    await piaPage.locator(`main a[href="${new URL(visitUrl).pathname}"]`).click();
    await piaPage.waitForLoadState();
    assert.equal(await piaPage.getByRole('button', { name: 'Move the visit' }).count(), 0, 'a person on trial does not rearrange the visit');
    await expectNoAxeViolations(piaPage);

    // The day after, the visit has ended: a care log for Pia, which both sides confirm.
    clock.advance(2 * DAY);
    while (await runOneJob(deps.database, clock));
    await piaPage.goto(`${server.base}/care-logs`);
    await piaPage.locator('main a[href^="/care-logs/"]').first().click();
    await piaPage.waitForURL(/\/care-logs\/[0-9a-f-]{36}$/);
    const piaLog = piaPage.url();
    await press(piaPage, 'Confirm this log');
    await rose.goto(piaLog);
    await press(rose, 'Confirm this log');
    await rose.getByText('confirmed', { exact: true }).waitFor();
    await piaPage.goto(`${server.base}/money/statements/worker?month=${day.slice(0, 7)}`);
    assert.match(await main(piaPage), /£18\.50/, 'one trial hour at £20.00 pays £18.50 after the commons contribution');

    // Vic logs the support he gave on his trial through the add-a-log page; Rose confirms it.
    await vicPage.goto(joinPages.volunteer as string);
    await follow(vicPage, 'Log support you gave on the trial');
    await expectNoAxeViolations(vicPage);
    const yesterday = addDays(wallClock(clock.now()).date, -1);
    await vicPage.getByLabel('Started').fill(`${yesterday}T14:00`);
    await vicPage.getByLabel('Ended').fill(`${yesterday}T15:00`);
    await vicPage.getByLabel('What the support was, in a few words').fill('A walk to the park');
    await press(vicPage, 'Add the log');
    await vicPage.waitForURL(/\/care-logs\/[0-9a-f-]{36}$/);
    await rose.goto(vicPage.url());
    await press(rose, 'Confirm this log');
    await rose.getByText('confirmed', { exact: true }).waitFor();
    await vicPage.goto(`${server.base}/credits`);
    assert.match(await main(vicPage), /You have 1 credit\./, 'an hour of volunteering on trial earns one credit');

    // The debrief: Rose records that Pia joins; Pia is then in the team.
    await rose.goto(joinPages.paid as string);
    await rose.getByLabel('Debrief notes (optional)').fill('The trial went well: Pia joins.');
    await press(rose, 'Record the debrief: joined');
    await rose.goto(`${server.base}/teams/${teamId}`);
    assert.match(await main(rose), /Pia Paid/);
    await piaPage.goto(`${server.base}/teams/${teamId}`);
    assert.match(await main(piaPage), /Who is in the team/);
  });
});
