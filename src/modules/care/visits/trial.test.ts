// A person on trial (DOMAIN.md 4) is booked for trial visits and logs their support like a
// member; the owner's side confirms it. Other visits, and everyone else's help, stay closed to them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { run } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { acceptPromise } from '../../teams/commands/team.ts';
import { teamCast } from '../../teams/test-support.ts';
import { confirmCareLog } from '../logs/commands.ts';
import { slot } from '../logs/test-support.ts';
import { careLogs } from '../schema.ts';
import { bookVisit } from './book.ts';

describeEachDatabase('trials in care', (db) => {
  test('a trial visit names the person on trial; their logged support is confirmed by the owner side', async () => {
    const t = await testApp(db());
    const c = await teamCast(t);
    await run(c.deps, c.as.owner, acceptPromise, { teamId: c.teamId, agree: 'on' });
    const day = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const visit = (kind: string, who: string) => ({ teamId: c.teamId, kind, date: day, startTime: '10:00', endTime: '11:00', place: 'Home', notes: 'First visit', supporterIds: [who] });
    const { visitId } = await run(c.deps, c.as.owner, bookVisit, visit('trial', c.people.trial.personId));
    assert.ok(visitId);
    await assert.rejects(run(c.deps, c.as.owner, bookVisit, visit('paid', c.people.trial.personId)), (e) => e instanceof Invalid && /trial visits only/.test(Object.values(e.fields).join()));
    for (const who of ['removed', 'outsider', 'admin'] as const) {
      await assert.rejects(run(c.deps, c.as.owner, bookVisit, visit('trial', c.people[who].personId)), Invalid, `${who} is not on trial`);
    }
    // The person on trial sees the trial visit and its page, but changes nothing else of the rota.
    const mine = await c.clients.trial.page.get('/visits');
    assert.match(mine.body, new RegExp(`/visits/${visitId}`), 'the trial visit is among their visits');
    assert.equal((await c.clients.trial.page.get(`/visits/${visitId}`)).statusCode, 200);
    assert.doesNotMatch((await c.clients.trial.page.get(`/visits/${visitId}`)).body, /Move the visit|Back to the rota/);
    const moved = await c.clients.trial.page.post(`/visits/${visitId}/rearrange`, { _csrf: c.clients.trial.csrf, date: day, startTime: '12:00', endTime: '13:00', reason: 'x' });
    assert.equal(moved.statusCode, 403, 'a person on trial does not move a trial visit');
    assert.equal((await c.clients.trial.page.get(`/teams/${c.teamId}/visits`)).statusCode, 404, 'nor reads the rota');
    for (const who of ['removed', 'outsider'] as const) assert.equal((await c.clients[who].page.get(`/visits/${visitId}`)).statusCode, 404, `${who} does not see the visit`);
    // Their pages are open exactly as the commands behind them are.
    assert.equal((await c.clients.trial.page.get(`/teams/${c.teamId}/care-logs/new`)).statusCode, 200, 'a person on trial opens the add-a-log page');
    assert.equal((await c.clients.trial.page.get(`/teams/${c.teamId}/money/rates`)).statusCode, 200, 'a person on a paid trial opens the rate form');
    assert.equal((await c.clients.removed.page.get(`/teams/${c.teamId}/care-logs/new`)).statusCode, 404, 'a removed member does not');

    const added = await c.clients.trial.api('POST', `/api/v1/teams/${c.teamId}/care-logs`, { ...slot(t.clock, 0), activity: 'Trial visit: tea and a chat' });
    assert.equal(added.statusCode, 201);
    const { logId } = added.json() as { logId: string };
    await assert.rejects(run(c.deps, c.as.trial, confirmCareLog, { logId }), /already confirmed/);
    await run(c.deps, c.as.owner, confirmCareLog, { logId });
    const [log] = await t.database.db.select().from(careLogs).where(eq(careLogs.id, logId));
    assert.equal(log?.state, 'confirmed');
    assert.equal(log?.kind, 'paid', 'a paid supporter on trial is paid for their trial support');
    assert.equal((await c.clients.removed.api('POST', `/api/v1/teams/${c.teamId}/care-logs`, { ...slot(t.clock, 4), activity: 'x' })).statusCode, 404, 'a removed member logs nothing');

    // The trial is paid at the rate agreed with the person on trial, from the day their support began.
    const rate = { rate: '19.50', payerKind: 'person', payerName: 'Rose', startsOn: day.slice(0, 8) + '01' };
    assert.equal((await c.clients.removed.api('POST', `/api/v1/teams/${c.teamId}/money/rates`, rate)).statusCode, 404, 'a removed member proposes nothing');
    const proposed = await c.clients.trial.api('POST', `/api/v1/teams/${c.teamId}/money/rates`, rate);
    assert.equal(proposed.statusCode, 201, proposed.body);
    const { rateId } = proposed.json() as { rateId: string };
    assert.equal((await c.clients.trial.api('POST', `/api/v1/money/rates/${rateId}/agree`)).statusCode, 403, 'the proposer does not agree their own rate');
    assert.equal((await c.clients.owner.api('POST', `/api/v1/money/rates/${rateId}/agree`)).statusCode, 200);
    const statement = await c.clients.trial.api('GET', `/api/v1/money/statements/worker?month=${log?.startsAt.toISOString().slice(0, 7)}`);
    const line = (statement.json() as { lines: { logId: string; money: { gross: number } | null }[] }).lines.find((l) => l.logId === logId);
    assert.ok(line?.money && line.money.gross > 0, 'the trial support is priced at the trial rate');
  });
});
