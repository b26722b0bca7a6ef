// Care logs in a real browser: the supporter confirms, the owner adjusts the times, the supporter
// confirms the adjustment, all through the forms; axe on the list and log pages; and with
// JavaScript off, a form's mistake is still shown beside its field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { PASSWORD } from '../../../../test/support/app.ts';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openLive, signInThroughForm, openFromPlace } from '../../../../test/support/browser.ts';
import { logTeam, visitLog } from './test-support.ts';
import { toLocalInput } from './times.ts';

describe('care logs in a browser', { skip: noBrowser }, () => {
  let server: LiveServer;
  let browser: Browser;
  let team: Awaited<ReturnType<typeof logTeam>>;
  before(async () => {
    ({ server, browser } = await openLive());
    team = await logTeam(server.deps);
  });
  after(() => closeLive({ server, browser }));

  test('confirm, adjust, confirm the adjustment; axe on the list and the log page', async () => {
    const logId = await visitLog(server.deps, team, 0);
    const supporter = await (await browser.newContext()).newPage();
    await signInThroughForm(supporter, server.base, team.cast.volunteer.email, PASSWORD);
    await openFromPlace(supporter, 'Teams', 'Care logs');
    await expectNoAxeViolations(supporter);
    await supporter.locator(`a[href="/care-logs/${logId}"]`).click();
    await expectNoAxeViolations(supporter);
    await supporter.getByRole('button', { name: 'Confirm this log' }).click();
    await supporter.getByText('Not yet').first().waitFor(); // the owner's side has not confirmed yet

    const owner = await (await browser.newContext()).newPage();
    await signInThroughForm(owner, server.base, team.cast.owner.email, PASSWORD);
    await owner.goto(`${server.base}/teams/${team.teamId}/care-logs`);
    await expectNoAxeViolations(owner);
    await owner.locator(`a[href="/care-logs/${logId}"]`).click();
    // From the log itself: a slot worked out again now could fall in the next minute (the form
    // shows whole minutes), making the new times 91 minutes instead of 90.
    const [log] = await server.deps.database.query<{ starts_at: Date }>('SELECT starts_at FROM care_logs WHERE id = $1', [logId]);
    const start = new Date(log?.starts_at as Date);
    await owner.getByLabel('Ended').fill(toLocalInput(new Date(start.getTime() + 90 * 60_000), 'Europe/London'));
    await owner.getByLabel('Why the times need changing').fill('Rose asked me to stay for tea.');
    await owner.getByRole('button', { name: 'Propose these times' }).click();
    await owner.getByText('new times proposed', { exact: true }).waitFor();
    await expectNoAxeViolations(owner);

    await supporter.reload();
    await supporter.getByRole('button', { name: 'Confirm the new times' }).click();
    await supporter.getByText('confirmed', { exact: true }).waitFor();
    await supporter.getByText('1 hour 30 min', { exact: false }).first().waitFor();
    await expectNoAxeViolations(supporter);
    await supporter.context().close();
    await owner.context().close();
  });

  test('with JavaScript off, a dispute without a reason is shown in the summary and beside the field', async () => {
    const logId = await visitLog(server.deps, team, 4);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInThroughForm(page, server.base, team.cast.owner.email, PASSWORD);
    await page.goto(`${server.base}/care-logs/${logId}`);
    await page.getByRole('button', { name: 'Dispute this log' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    assert.match((await page.locator('#field-dispute-reason-error').textContent()) ?? '', /Say what is wrong with this log/);
    await context.close();
  });
});
