// The co-op's own statement: the commons contribution it took, by month and team, page and CSV.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOUR } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { memberships } from '../../membership/schema.ts';
import { saveCareLog } from '../logs/chain.ts';
import { testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { moneyTeam } from './test-support.ts';

describeEachDatabase("the co-op's commons statement", (db) => {
  test('£7.50 of a £20.00 × 1.5 h visit, by month and team; named for the treasurer, numbered for members, refused to others', async () => {
    const t = await testApp(db());
    const { deps, teamId, worker, owner, admin, api, signedIn } = await moneyTeam(t);
    const proposed = await api('worker', 'POST', `/api/v1/teams/${teamId}/money/rates`, { rate: '20.00', payerKind: 'personal_budget', payerName: 'Budget' });
    assert.equal((await api('owner', 'POST', `/api/v1/money/rates/${proposed.body.rateId}/agree`)).status, 200);
    const startsAt = new Date(t.clock.now().getTime() + 24 * HOUR);
    await run(deps, worker, (ctx) => saveCareLog(ctx, {
      id: newId(), teamId, visitId: null, supporterId: worker.personId, kind: 'paid', startsAt, endsAt: new Date(startsAt.getTime() + 90 * 60_000), minutes: 90, activity: '', state: 'confirmed',
      correctsId: null, supporterConfirmedAt: null, ownerConfirmedAt: null, ownerConfirmedBy: null, adjustedBy: null, adjustReason: null, disputedBy: null, disputeReason: null,
      resolvedBy: null, resolution: null, createdBy: worker.personId, createdAt: t.clock.now(), updatedAt: t.clock.now(),
    }, true), {});
    const year = startsAt.getUTCFullYear();

    const treasurer = await api('admin', 'GET', `/api/v1/money/commons?year=${year}`);
    assert.equal(treasurer.status, 200);
    assert.equal(treasurer.body.rows.length, 1);
    assert.equal(treasurer.body.rows[0].team, "Owner's Team");
    assert.equal(treasurer.body.rows[0].workerDeduction, 225);
    assert.equal(treasurer.body.rows[0].payerAddition, 525);
    assert.equal(treasurer.body.totals.coopKeeps, 750);

    assert.equal((await api('outsider', 'GET', `/api/v1/money/commons?year=${year}`)).status, 403, 'not a member of the co-op');
    await t.database.db.insert(memberships).values({ id: newId(), personId: owner.personId, memberClass: 'supported', state: 'admitted', appliedAt: t.clock.now(), admittedAt: t.clock.now(), updatedAt: t.clock.now() });
    const member = await api('owner', 'GET', `/api/v1/money/commons?year=${year}`);
    assert.equal(member.status, 200);
    assert.equal(member.body.rows[0].team, 'Team 1', 'members see the figures, not whose team');
    assert.equal(member.body.totals.coopKeeps, 750);

    const treasurerPage = await signedIn(admin.email);
    const page = await treasurerPage.get(`/money/commons?year=${year}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /£7\.50/);
    const csv = await treasurerPage.get(`/money/commons.csv?year=${year}`);
    assert.match(csv.body, /\d{4}-\d{2},Owner's Team,1,90,30\.00,2\.25,5\.25,7\.50/);
    assert.match(csv.body, /total,/);
  });
});
