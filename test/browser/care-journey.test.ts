// Issue 5's journey, as the people in it would go through it: the owner books a paid visit in
// the browser, it appears in the worker's phone calendar feed, it ends, it becomes a care log,
// both sides confirm it, and it is priced in both statements to the penny.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { verifyCareLogs } from '../../src/modules/care/logs/chain.ts';
import { agreeRate, proposeRate } from '../../src/modules/care/money/rates.ts';
import { addDays, wallClock } from '../../src/modules/care/visits/times.ts';
import { decideJoin, inviteToTeam } from '../../src/modules/teams/commands/joining.ts';
import { acceptPromise } from '../../src/modules/teams/commands/team.ts';
import { DAY, FakeClock } from '../../src/platform/clock.ts';
import { run } from '../../src/platform/context.ts';
import { runOneJob } from '../../src/platform/jobs.ts';
import { PASSWORD, makePerson } from '../support/app.ts';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openLive, signedInPage } from '../support/browser.ts';
import { actorOf } from '../support/circles.ts';
import { teamWith } from '../support/teams.ts';

describe('a visit from booking to both statements', { skip: noBrowser }, () => {
  // The server runs on the test's clock, so the visit can end without the test waiting for it.
  const clock = new FakeClock(new Date());
  let server: LiveServer;
  let browser: Browser;
  before(async () => ({ server, browser } = await openLive(clock)));
  after(() => closeLive({ server, browser }));

  test('booked, in the calendar feed, ended, logged, confirmed by both, 35.25 charged and 27.75 paid', async () => {
    const deps = { database: server.database, clock };
    const { teamId, owner, ownerEmail } = await teamWith(deps, 0);
    const pat = await makePerson(deps, { name: 'Pat Paid' });
    const { joinId } = await run(deps, owner, inviteToTeam, { teamId, personId: pat.personId, supporterKind: 'paid' });
    await run(deps, actorOf(pat), decideJoin, { joinId, step: 'accept' });
    await run(deps, owner, decideJoin, { joinId, step: 'join' });
    await run(deps, owner, acceptPromise, { teamId, agree: 'on' });
    const { rateId } = await run(deps, actorOf(pat), proposeRate, { teamId, rate: '20.00', payerKind: 'personal_budget', payerName: 'Rose personal budget' });
    await run(deps, owner, agreeRate, { rateId });

    const ownerPage = await signedIn(ownerEmail);
    const patPage = await signedIn(pat.email);
    const day = addDays(wallClock(clock.now()).date, 1);
    const month = day.slice(0, 7);

    // The owner books a paid visit for tomorrow, 10:00 to 11:30, with Pat.
    await ownerPage.goto(`${server.base}/teams/${teamId}/visits/new`);
    await ownerPage.getByLabel('Kind of visit').selectOption('paid');
    await ownerPage.getByLabel('Date', { exact: true }).fill(day);
    await ownerPage.getByLabel('Start time').fill('10:00');
    await ownerPage.getByLabel('End time').fill('11:30');
    await ownerPage.getByLabel('Where: an address, or a call or video link').fill('1 Mill Lane, Halifax');
    await ownerPage.getByLabel('Pat Paid (paid)').check();
    await ownerPage.getByRole('button', { name: 'Book the visit' }).click();
    await ownerPage.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
    const visitId = ownerPage.url().split('/').pop() as string;

    // Pat's phone subscribes to the feed: it parses as iCalendar and holds the visit at its UTC times.
    await patPage.goto(`${server.base}/visits/calendar`);
    await patPage.getByRole('button', { name: 'Make my calendar address' }).click();
    const feedUrl = await patPage.locator('code').innerText();
    const feed = await patPage.request.get(feedUrl);
    assert.equal(feed.status(), 200);
    assert.match(feed.headers()['content-type'] ?? '', /^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const visitEvent = events.find((e) => e.uid.includes(visitId));
    assert.ok(visitEvent, `the feed lists the booked visit (uids: ${events.map((e) => e.uid).join(', ')})`);
    const starts = visitEvent.startDate.toJSDate();
    assert.equal(wallClock(starts).date, day);
    assert.equal(wallClock(starts).time, '10:00');
    assert.equal((visitEvent.endDate.toJSDate().getTime() - starts.getTime()) / 60_000, 90);

    // The day after the visit, the end-of-visit job has run: a pending care log for Pat.
    clock.advance(2 * DAY);
    while (await runOneJob(deps.database, clock));
    await patPage.goto(`${server.base}/care-logs`);
    await patPage.locator('main a[href^="/care-logs/"]').first().click();
    await patPage.waitForURL(/\/care-logs\/[0-9a-f-]{36}$/);
    const logUrl = patPage.url();
    await expectNoAxeViolations(patPage);
    await patPage.getByRole('button', { name: 'Confirm this log' }).click();
    await ownerPage.goto(logUrl);
    await ownerPage.getByRole('button', { name: 'Confirm this log' }).click();
    await ownerPage.getByText('confirmed', { exact: true }).waitFor(); // confirmed once both sides have
    assert.equal(await ownerPage.getByRole('button', { name: 'Confirm this log' }).count(), 0, 'a confirmed log offers no change');

    // Rate 20.00 for 1.5 hours: the payer is charged 35.25 and the worker receives 27.75.
    await ownerPage.goto(`${server.base}/teams/${teamId}/money/statements?month=${month}`);
    await ownerPage.getByText('Total due from Rose personal budget: £35.25').waitFor();
    await expectNoAxeViolations(ownerPage);
    await patPage.goto(`${server.base}/money/statements/worker?month=${month}`);
    assert.match(await patPage.locator('main').innerText(), /£27\.75/);
    await expectNoAxeViolations(patPage);

    assert.equal(await verifyCareLogs(deps.database), null, 'the care-log chain verifies after the journey');
  });

  const signedIn = (email: string): Promise<Page> => signedInPage(browser, server.base, email, PASSWORD);
});
