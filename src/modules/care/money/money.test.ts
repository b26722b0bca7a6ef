// Rates, expenses and statements through the API and the pages: who may do what, what counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { HOUR } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { accessLog } from '../../../platform/schema.ts';
import { saveCareLog } from '../logs/chain.ts';
import type { careLogs } from '../schema.ts';
import { testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { moneyTeam } from './test-support.ts';

describeEachDatabase('care money', (db) => {
  test('rates need the other side, statements count only confirmed paid logs, expenses need approval and a real receipt', async () => {
    const t = await testApp(db());
    const { deps, teamId, worker, worker2, api } = await moneyTeam(t);
    const rateBody = { rate: '20.00', payerKind: 'personal_budget', payerName: 'Rose personal budget', expensesAgreement: 'Bus fares at cost' };

    // Bad money is refused with a message for the field, and nothing is written.
    for (const rate of ['20.005', '-1', 'abc', '1e3', '0.50', '']) {
      const res = await api('worker', 'POST', `/api/v1/teams/${teamId}/money/rates`, { ...rateBody, rate });
      assert.equal(res.status, 422, rate);
      assert.ok(res.body.error.fields.rate, rate);
    }
    assert.equal((await api('volunteer', 'POST', `/api/v1/teams/${teamId}/money/rates`, rateBody)).status, 403);
    assert.equal((await api('outsider', 'POST', `/api/v1/teams/${teamId}/money/rates`, rateBody)).status, 404);
    assert.equal((await api('admin', 'GET', `/api/v1/teams/${teamId}/money`)).status, 404);

    // The worker proposes; they cannot agree it themselves; the owner does.
    const proposed = await api('worker', 'POST', `/api/v1/teams/${teamId}/money/rates`, rateBody);
    assert.equal(proposed.status, 201);
    const rateId = proposed.body.rateId as string;
    assert.equal((await api('worker', 'POST', `/api/v1/money/rates/${rateId}/agree`)).status, 403);
    assert.equal((await api('worker2', 'POST', `/api/v1/money/rates/${rateId}/agree`)).status, 403);
    assert.equal((await api('owner', 'POST', `/api/v1/money/rates/${rateId}/agree`)).status, 200);
    assert.equal((await api('owner', 'POST', `/api/v1/money/rates/${rateId}/agree`)).status, 409);
    // The owner's side proposes to worker2; the owner may not agree it, worker2 may; a withdrawn one never counts.
    const toWorker2 = await api('owner', 'POST', `/api/v1/teams/${teamId}/money/rates`, { ...rateBody, rate: '19.00', workerId: worker2.personId });
    assert.equal((await api('owner', 'POST', `/api/v1/money/rates/${toWorker2.body.rateId}/agree`)).status, 403);
    assert.equal((await api('worker2', 'POST', `/api/v1/money/rates/${toWorker2.body.rateId}/withdraw`)).status, 200);
    assert.equal((await api('worker2', 'POST', `/api/v1/money/rates/${toWorker2.body.rateId}/agree`)).status, 409);
    const w2 = await api('owner', 'POST', `/api/v1/teams/${teamId}/money/rates`, { ...rateBody, rate: '19.00', workerId: worker2.personId });
    assert.equal((await api('worker2', 'POST', `/api/v1/money/rates/${w2.body.rateId}/agree`)).status, 200);
    // Each worker sees only their own rates.
    const seen = await api('worker2', 'GET', `/api/v1/teams/${teamId}/money`);
    assert.deepEqual(seen.body.rates.map((r: { workerId: string }) => r.workerId), [worker2.personId, worker2.personId]);

    // Logs in January 2026 (the clock says 5 January, 09:00): each state, a correction, a volunteer log.
    const base = t.clock.now().getTime();
    const ids: Record<string, string> = {};
    const log = async (name: string, over: Partial<typeof careLogs.$inferSelect> & { at: number; minutes: number }) => {
      const id = newId();
      ids[name] = id;
      const { at, ...rest } = over;
      const startsAt = new Date(base + at * HOUR);
      await run(deps, worker, (ctx) => saveCareLog(ctx, {
        id, teamId, visitId: null, supporterId: worker.personId, kind: 'paid', startsAt, endsAt: new Date(startsAt.getTime() + over.minutes * 60_000), activity: '', state: 'confirmed',
        correctsId: null, supporterConfirmedAt: null, ownerConfirmedAt: null, ownerConfirmedBy: null, adjustedBy: null, adjustReason: null, disputedBy: null, disputeReason: null,
        resolvedBy: null, resolution: null, createdBy: worker.personId, createdAt: t.clock.now(), updatedAt: t.clock.now(), ...rest,
      }, true), {});
    };
    await log('confirmed', { at: 24, minutes: 90 });
    await log('beforeRate', { at: -30, minutes: 60 });
    for (const state of ['pending', 'adjusted', 'disputed', 'void'] as const) await log(state, { at: 30, minutes: 60, state });
    await log('volunteer', { at: 40, minutes: 60, kind: 'volunteer' });
    await log('original', { at: 50, minutes: 60 });
    await log('correction', { at: 50, minutes: 45, correctsId: ids.original });
    await log('kept', { at: 60, minutes: 30 });
    await log('pendingCorrection', { at: 60, minutes: 20, correctsId: ids.kept, state: 'pending' });
    await log('february', { at: 24 * 30, minutes: 60 });
    await log('other', { at: 70, minutes: 60, supporterId: worker2.personId });

    const statement = await api('worker', 'GET', '/api/v1/money/statements/worker?month=2026-01');
    assert.equal(statement.status, 200);
    const lines = statement.body.lines as { logId: string; ratePence: number | null; money: { gross: number } | null }[];
    assert.deepEqual(new Set(lines.map((l) => l.logId)), new Set([ids.confirmed, ids.beforeRate, ids.correction, ids.kept]));
    const byId = new Map(lines.map((l) => [l.logId, l]));
    assert.equal(byId.get(ids.beforeRate as string)?.money, null, 'no agreed rate yet: never guessed');
    assert.equal(byId.get(ids.confirmed as string)?.money?.gross, 3000);
    // 90 + 45 + 30 minutes at 20.00 = 30.00 + 15.00 + 10.00; 7.5% deducted per line: 2.25 + 1.13 + 0.75.
    assert.deepEqual({ gross: statement.body.totals.gross, deducted: statement.body.totals.workerDeduction, net: statement.body.totals.workerGets, unpriced: statement.body.totals.unpricedLogs }, { gross: 5500, deducted: 413, net: 5087, unpriced: 1 });
    assert.equal((await t.database.db.select().from(accessLog).where(and(eq(accessLog.recordType, 'statement'), eq(accessLog.actorId, worker.personId)))).length, 1);

    // The payer statement is the owner's side's; the worker reads theirs only under Money.
    assert.equal((await api('worker', 'GET', `/api/v1/teams/${teamId}/money/statements?month=2026-01`)).status, 403);
    assert.equal((await api('outsider', 'GET', `/api/v1/teams/${teamId}/money/statements?month=2026-01`)).status, 404);
    assert.equal((await api('owner', 'GET', `/api/v1/teams/${teamId}/money/statements?month=2026-13`)).status, 422);
    const payer = await api('owner', 'GET', `/api/v1/teams/${teamId}/money/statements?month=2026-01`);
    const groups = payer.body.groups as { key: string; lines: { workerId: string }[]; totals: { payerPays: number; payerAddition: number } }[];
    const budget = groups.find((g) => g.key === 'personal_budget:Rose personal budget');
    // worker: 5500 gross + 17.5% per line (5.25 + 2.63 + 1.75 = 9.63); worker2: 19.00 + 3.33.
    assert.deepEqual({ addition: budget?.totals.payerAddition, pays: budget?.totals.payerPays }, { addition: 963 + 333, pays: 5500 + 963 + 1900 + 333 });
    assert.ok(groups.some((g) => g.key === 'none' && g.lines.length === 1), 'the unpriced log is listed under no agreed rate');

    // Expenses: a real receipt only, through the page form with its CSRF token.
    await t.app.close();
  });
  test('a rate with a start day prices support given before it was agreed (a trial, say), and no further back than a year', async () => {
    const t = await testApp(db());
    const { deps, teamId, worker, api } = await moneyTeam(t);
    const id = newId();
    const startsAt = new Date(t.clock.now().getTime() - 30 * HOUR); // 4 January, before any rate
    await run(deps, worker, (ctx) => saveCareLog(ctx, {
      id, teamId, visitId: null, supporterId: worker.personId, kind: 'paid', startsAt, endsAt: new Date(startsAt.getTime() + 60 * 60_000), activity: '', state: 'confirmed',
      correctsId: null, supporterConfirmedAt: null, ownerConfirmedAt: null, ownerConfirmedBy: null, adjustedBy: null, adjustReason: null, disputedBy: null, disputeReason: null,
      resolvedBy: null, resolution: null, createdBy: worker.personId, createdAt: t.clock.now(), updatedAt: t.clock.now(), minutes: 60,
    }, true), {});
    const priced = async () => ((await api('worker', 'GET', '/api/v1/money/statements/worker?month=2026-01')).body.lines as { logId: string; money: { gross: number } | null }[]).find((l) => l.logId === id)?.money;
    const body = { rate: '20.00', payerKind: 'personal_budget', payerName: 'Rose personal budget' };
    for (const startsOn of ['2024-01-01', '4 January', '2026-02-30']) {
      const res = await api('worker', 'POST', `/api/v1/teams/${teamId}/money/rates`, { ...body, startsOn });
      assert.equal(res.status, 422, startsOn);
      assert.ok(res.body.error.fields.startsOn, startsOn);
    }
    // Agreed today without a start day: it prices from today only, so the earlier hour stays unpriced.
    const plain = await api('worker', 'POST', `/api/v1/teams/${teamId}/money/rates`, body);
    assert.equal((await api('owner', 'POST', `/api/v1/money/rates/${plain.body.rateId}/agree`)).status, 200);
    assert.equal(await priced(), null);
    // A rate starting on 3 January, agreed now, prices it.
    const backdated = await api('worker', 'POST', `/api/v1/teams/${teamId}/money/rates`, { ...body, rate: '21.00', startsOn: '2026-01-03' });
    assert.equal(backdated.status, 201);
    assert.equal(await priced(), null, 'not before the owner agrees it');
    assert.equal((await api('owner', 'POST', `/api/v1/money/rates/${backdated.body.rateId}/agree`)).status, 200);
    assert.equal((await priced())?.gross, 2100);
    await t.app.close();
  });
});
