// Money in a real browser: a worker proposes a rate, the owner agrees it, both statements pass
// axe, print without navigation or forms, and download as CSV; a form error without JavaScript.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { run } from '../../../platform/context.ts';
import type { FakeClock } from '../../../platform/clock.ts';
import { newId } from '../../../platform/ids.ts';
import { people } from '../../people/schema.ts';
import { teamJoins } from '../../teams/schema.ts';
import { saveCareLog } from '../logs/chain.ts';
import { careRates } from '../schema.ts';
import { PASSWORD } from '../../../../test/support/app.ts';
import { type LiveServer, closeLive, expectNoAxeViolations, noBrowser, openLive, signInThroughForm } from '../../../../test/support/browser.ts';
import { teamWith } from '../../../../test/support/teams.ts';

describe('care money in a browser', { skip: noBrowser }, () => {
  const live: { server?: LiveServer; browser?: Browser } = {};
  before(async () => Object.assign(live, await openLive()));
  after(() => closeLive(live));

  test('rate proposed and agreed, statements pass axe, print cleanly and download as CSV', async () => {
    const server = live.server as LiveServer;
    const browser = live.browser as Browser;
    const deps = server.deps as unknown as { database: typeof server.database; clock: FakeClock };
    const { teamId, owner, ownerEmail, members } = await teamWith(deps, 1);
    const worker = members[0] as typeof owner;
    await server.database.db.insert(teamJoins).values({ id: newId(), teamId, personId: worker.personId, route: 'invite', state: 'joined', supporterKind: 'paid', startedBy: owner.personId, createdAt: new Date(), updatedAt: new Date() });
    const [{ email: workerEmail } = { email: '' }] = await server.database.db.select({ email: people.email }).from(people).where(eq(people.id, worker.personId));

    const w = await (await browser.newContext()).newPage();
    await signInThroughForm(w, server.base, workerEmail, PASSWORD);
    await w.goto(`${server.base}/teams/${teamId}/money`);
    await expectNoAxeViolations(w);
    await w.getByRole('link', { name: 'Propose a rate' }).click();
    await expectNoAxeViolations(w);
    await w.getByLabel(/Hourly rate in pounds/).fill('20.00');
    await w.getByLabel('Who pays').selectOption('personal_budget');
    await w.getByLabel(/payer’s name/).fill("Owner's personal budget");
    await w.getByRole('button', { name: 'Propose this rate' }).click();
    await w.waitForURL(`${server.base}/teams/${teamId}/money`);
    await w.getByText('proposed by the worker').waitFor();
    assert.equal(await w.getByRole('button', { name: 'Agree this rate' }).count(), 0, 'the proposer cannot agree their own');

    const o = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await signInThroughForm(o, server.base, ownerEmail, PASSWORD);
    await o.goto(`${server.base}/teams/${teamId}/money`);
    await o.getByRole('button', { name: 'Agree this rate' }).click();
    await o.waitForURL(`${server.base}/teams/${teamId}/money`);
    await o.getByText('in force').waitFor();
    await expectNoAxeViolations(o);

    // One and a half hours of confirmed paid support, just after the rate was agreed.
    const [rate] = await server.database.db.select().from(careRates).where(eq(careRates.teamId, teamId));
    const startsAt = new Date((rate?.agreedAt as Date).getTime() + 1000);
    await run(server.deps, worker, (ctx) => saveCareLog(ctx, {
      id: newId(), teamId, visitId: null, supporterId: worker.personId, kind: 'paid', startsAt, endsAt: new Date(startsAt.getTime() + 90 * 60_000), minutes: 90, activity: 'Shopping', state: 'confirmed',
      correctsId: null, supporterConfirmedAt: startsAt, ownerConfirmedAt: startsAt, ownerConfirmedBy: owner.personId, adjustedBy: null, adjustReason: null, disputedBy: null, disputeReason: null,
      resolvedBy: null, resolution: null, createdBy: worker.personId, createdAt: startsAt, updatedAt: startsAt,
    }, true), {});
    const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(startsAt);

    await o.goto(`${server.base}/teams/${teamId}/money/statements?month=${month}`);
    await expectNoAxeViolations(o);
    await o.getByText('Total due from Owner\'s personal budget: £35.25').waitFor();
    await o.emulateMedia({ media: 'print' });
    assert.equal(await o.locator('header').isVisible(), false, 'no navigation in print');
    assert.equal(await o.locator('form').first().isVisible(), false, 'no forms in print');
    await o.getByText('£35.25').first().waitFor();
    await o.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([o.waitForEvent('download'), o.getByRole('link', { name: 'Download as CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^statement-\d{4}-\d{2}-by-payer\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(csv, /^Line,Payer kind,Payer,Date,Worker/);
    assert.match(csv, /,90,20\.00,30\.00,5\.25,35\.25,/);

    await w.goto(`${server.base}/money`);
    await expectNoAxeViolations(w);
    await w.goto(`${server.base}/money/statements/worker?month=${month}`);
    await expectNoAxeViolations(w);
    await w.getByText('Total to receive: £27.75').waitFor();
    await w.goto(`${server.base}/teams/${teamId}/money/expenses`);
    await expectNoAxeViolations(w);
    await w.context().close();
    await o.context().close();
  });

  test('without JavaScript, a bad amount comes back beside its field', async () => {
    const server = live.server as LiveServer;
    const browser = live.browser as Browser;
    const deps = server.deps as unknown as { database: typeof server.database; clock: FakeClock };
    const { teamId, owner, ownerEmail, members } = await teamWith(deps, 1);
    await server.database.db.insert(teamJoins).values({ id: newId(), teamId, personId: (members[0] as typeof owner).personId, route: 'invite', state: 'joined', supporterKind: 'paid', startedBy: owner.personId, createdAt: new Date(), updatedAt: new Date() });
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await signInThroughForm(page, server.base, ownerEmail, PASSWORD);
    await page.goto(`${server.base}/teams/${teamId}/money/rates`);
    await page.getByLabel('Which worker').selectOption({ index: 1 });
    await page.getByLabel(/Hourly rate in pounds/).fill('20.005');
    await page.getByLabel(/payer’s name/).fill('Kirklees Council');
    await page.getByRole('button', { name: 'Propose this rate' }).click();
    assert.match(await page.locator('#field-rate-error').textContent() ?? '', /at most two numbers after the point/);
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    assert.equal(await page.getByLabel(/payer’s name/).inputValue(), 'Kirklees Council', 'what was typed is kept');
    await page.context().close();
  });
});
