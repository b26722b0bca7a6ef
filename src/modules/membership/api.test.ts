import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { run } from '../../platform/context.ts';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { createApiToken } from '../people/commands/api-tokens.ts';
import { memberships, resolutions, shareMovements } from './schema.ts';

describeEachDatabase('membership API', (db) => {
  test('a share purchase or withdrawal below 1p is refused with a field message; closing a resolution answers JSON', async () => {
    const t = await testApp(db());
    const secretary = await makePerson(t, { admin: true });
    const investor = await makePerson(t);
    const now = t.clock.now();
    await t.database.db.insert(memberships).values({ id: randomUUID(), personId: investor.personId, memberClass: 'investor', state: 'admitted', appliedAt: now, updatedAt: now });
    const bearer = async (p: { personId: string; name: string }, isAdmin: boolean) =>
      `Bearer ${(await run(t, { personId: p.personId, name: p.name, isAdmin, via: 'session' }, createApiToken, { label: 'api test' })).token}`;
    const asSecretary = await bearer(secretary, true);
    const asInvestor = await bearer(investor, false);
    const post = (auth: string, url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: { authorization: auth }, payload });

    for (const amountPounds of ['0', '0.00', '000.0']) {
      const res = await post(asSecretary, '/api/v1/shares/purchases', { email: investor.email, amountPounds });
      assert.equal(res.statusCode, 422, amountPounds);
      assert.match(JSON.stringify(res.json()), /at least 1p/);
    }
    assert.equal((await t.database.db.select().from(shareMovements).where(eq(shareMovements.personId, investor.personId))).length, 0, 'nothing recorded');
    assert.equal((await post(asSecretary, '/api/v1/shares/purchases', { email: investor.email, amountPounds: '0.01' })).statusCode, 201, 'a penny is a purchase');
    assert.equal((await post(asInvestor, '/api/v1/shares/withdrawals', { amountPounds: '0' })).statusCode, 422);

    const meeting = await post(asSecretary, '/api/v1/general-meetings', { kind: 'members', title: 'Members meeting', startsAt: '2026-02-10T18:00', place: 'Halifax' });
    assert.equal(meeting.statusCode, 201);
    const meetingId = (meeting.json() as { result: { meetingId: string } }).result.meetingId;
    const added = await post(asSecretary, `/api/v1/general-meetings/${meetingId}/resolutions`, { title: 'Adopt the accounts', text: 'The members adopt the accounts.', kind: 'ordinary' });
    const resolutionId = (added.json() as { result: { resolutionId: string } }).result.resolutionId;
    assert.equal((await post(asInvestor, `/api/v1/resolutions/${resolutionId}/votes`, { choice: 'for' })).statusCode, 201);
    const closed = await post(asSecretary, `/api/v1/resolutions/${resolutionId}/close`, {});
    assert.equal(closed.statusCode, 201, closed.body);
    const result = (closed.json() as { result: { passed: boolean; weightedFor: string } }).result;
    assert.equal(typeof result.passed, 'boolean');
    assert.match(result.weightedFor, /^\d+\/\d+$/);
    assert.equal((await t.database.db.select().from(resolutions).where(eq(resolutions.id, resolutionId)))[0]?.state, 'closed');
    await t.app.close();
  });
});
