import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { PASSWORD, makePerson } from '../../../../test/support/app.ts';
import { closeLive, expectNoAxeViolations, type LiveServer, noBrowser, openLive, signInThroughForm } from '../../../../test/support/browser.ts';
import { actorOf } from '../../../../test/support/circles.ts';
import { teamWith } from '../../../../test/support/teams.ts';
import type { FakeClock } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { decideJoin, inviteToTeam } from '../../teams/commands/joining.ts';
import { acceptPromise } from '../../teams/commands/team.ts';
import { addDays, wallClock } from './times.ts';

describe('visits in the browser', { skip: noBrowser }, () => {
  const live: { server?: LiveServer; browser?: Browser } = {};
  let teamId = '';
  let ownerEmail = '';
  before(async () => {
    Object.assign(live, await openLive());
    const deps = (live.server as LiveServer).deps as unknown as { database: LiveServer['database']; clock: FakeClock };
    const team = await teamWith(deps, 0);
    teamId = team.teamId;
    ownerEmail = team.ownerEmail;
    const pat = actorOf(await makePerson(deps, { name: 'Pat Paid' }));
    const { joinId } = await run(deps, team.owner, inviteToTeam, { teamId, personId: pat.personId, supporterKind: 'paid' });
    await run(deps, pat, decideJoin, { joinId, step: 'accept' });
    await run(deps, team.owner, decideJoin, { joinId, step: 'join' });
    await run(deps, team.owner, acceptPromise, { teamId, agree: 'on' });
  });
  after(() => closeLive(live));

  test('book a visit through the form, see it on the rota and in My visits; every page passes axe', async () => {
    const { server, browser } = live as { server: LiveServer; browser: Browser };
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughForm(page, server.base, ownerEmail, PASSWORD);
    const day = addDays(wallClock(new Date()).date, 2);
    await page.goto(`${server.base}/teams/${teamId}/visits/new`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Kind of visit').selectOption('paid');
    await page.getByLabel('Date', { exact: true }).fill(day);
    await page.getByLabel('Start time').fill('10:00');
    await page.getByLabel('End time').fill('11:30');
    await page.getByLabel('Where: an address, or a call or video link').fill('1 Mill Lane, Halifax');
    await page.getByLabel('Pat Paid (paid)').check();
    await page.getByRole('button', { name: 'Book the visit' }).click();
    await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
    assert.match(await page.locator('h1').innerText(), /Paid support for Owner's Team: .*10:00–11:30/);
    assert.match(await page.locator('main').innerText(), /Pat Paid/);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Back to the rota' }).click();
    await page.waitForURL(/\/teams\/[0-9a-f-]{36}\/visits/);
    assert.match(await page.locator('main').innerText(), /10:00–11:30 Paid support\. Coming: Pat Paid/);
    await expectNoAxeViolations(page);

    await page.goto(`${server.base}/visits`);
    assert.match(await page.locator('main').innerText(), /Owner's Team, Paid support \(your support\)/);
    await expectNoAxeViolations(page);

    await page.goto(`${server.base}/visits/calendar`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Make my calendar address' }).click();
    const url = await page.locator('code').innerText();
    assert.match(url, /\/calendar\/[\w-]{43}\.ics$/);
    await expectNoAxeViolations(page);
    const feed = await page.request.get(url);
    assert.equal(feed.status(), 200);
    assert.match(await feed.text(), /SUMMARY:Visit: Owner's Team/);
    await context.close();
  });

  test('with JavaScript off, a form error is shown in the summary and beside the field', async () => {
    const { server, browser } = live as { server: LiveServer; browser: Browser };
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInThroughForm(page, server.base, ownerEmail, PASSWORD);
    await page.goto(`${server.base}/teams/${teamId}/visits/new`);
    await page.getByLabel('Date', { exact: true }).fill(addDays(wallClock(new Date()).date, 3));
    await page.getByRole('button', { name: 'Book the visit' }).click();
    assert.match(await page.locator('.error-summary').innerText(), /Enter the address, or a call or video link/);
    assert.match(await page.locator('#field-place-error').innerText(), /Enter the address/);
    await context.close();
  });
});
