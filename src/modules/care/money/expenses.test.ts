// Expenses through the page forms (multipart, with the CSRF token), receipts and who may fetch
// them, and the statements as pages and CSV.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { careExpenses } from '../schema.ts';
import { testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { MAX_RECEIPT_BYTES } from './expenses.ts';
import { PNG, moneyTeam, multipart, postMultipart } from './test-support.ts';

describeEachDatabase('care money expenses and pages', (db) => {
  test('a worker claims with a receipt, the owner decides, only approved expenses count, receipts stay private', async () => {
    const t = await testApp(db());
    const m = await moneyTeam(t);
    const worker = await m.signedIn(await m.emailOf(m.worker));
    const owner = await m.signedIn(m.ownerEmail);
    const claimUrl = `/teams/${m.teamId}/money/expenses`;
    const claim = async (fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }, withCsrf = true) => {
      const csrf: Record<string, string> = withCsrf ? { _csrf: await worker.csrf(claimUrl) } : {};
      return postMultipart(t, worker, claimUrl, multipart({ incurredOn: '2026-01-04', amount: '4.50', description: 'Bus fare to the market', ...csrf, ...fields }, file));
    };
    const count = async () => (await t.database.db.select().from(careExpenses)).length;

    // A rate form with bad money comes back with the message beside the field, nothing written.
    const rateForm = await worker.submit(`/teams/${m.teamId}/money/rates`, { rate: '20.005', payerKind: 'person', payerName: 'Rose' });
    assert.equal(rateForm.statusCode, 422);
    assert.match(rateForm.body, /id="field-rate-error"[^>]*>Error: Use pounds and pence/);

    // The CSRF token is checked for the multipart form too.
    assert.equal((await claim({}, { name: 'r.png', type: 'image/png', data: PNG }, false)).statusCode, 403);
    // A file that only claims to be a PNG, one over 2 MB, none at all, and bad amounts: 422, nothing written.
    const fake = await claim({}, { name: 'r.png', type: 'image/png', data: Buffer.from('<script>alert(1)</script>') });
    assert.equal(fake.statusCode, 422);
    assert.match(fake.body, /must be a photo \(JPEG or PNG\) or a PDF/);
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_RECEIPT_BYTES)]);
    assert.match((await claim({}, { name: 'big.png', type: 'image/png', data: big })).body, /2 MB or smaller/);
    assert.match((await claim({})).body, /Attach the receipt/);
    for (const amount of ['20.005', '-1', 'abc', '1e3']) {
      const res = await claim({ amount }, { name: 'r.png', type: 'image/png', data: PNG });
      assert.equal(res.statusCode, 422, amount);
      assert.match(res.body, /id="field-amount-error"/);
    }
    assert.equal(await count(), 0);

    // Three good claims (one with a formula-like description, one as JSON with base64).
    assert.equal((await claim({}, { name: 'bus.png', type: 'image/png', data: PNG })).statusCode, 303);
    assert.equal((await claim({ description: '=HYPERLINK("http://x")', amount: '2.00' }, { name: 'x.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\n%%EOF') })).statusCode, 303);
    const viaJson = await m.api('worker', 'POST', `/api/v1/teams/${m.teamId}/money/expenses`, { incurredOn: '2026-01-03', amount: '10.00', description: 'Taxi', receiptBase64: PNG.toString('base64'), receiptName: 'taxi.png' });
    assert.equal(viaJson.status, 201);
    assert.equal((await m.api('volunteer', 'POST', `/api/v1/teams/${m.teamId}/money/expenses`, { incurredOn: '2026-01-03', amount: '1.00', description: 'x', receiptBase64: PNG.toString('base64') })).status, 403);
    const rows = await t.database.db.select({ id: careExpenses.id, description: careExpenses.description, type: careExpenses.receiptType }).from(careExpenses);
    const bus = rows.find((r) => r.description.startsWith('Bus')) as { id: string; type: string };
    const formula = rows.find((r) => r.description.startsWith('=')) as { id: string };
    assert.equal(bus.type, 'image/png');

    // The receipt: the worker and the owner's side only, as an attachment that is never sniffed.
    const got = await owner.get(`/expenses/${bus.id}/receipt`);
    assert.equal(got.statusCode, 200);
    assert.equal(got.headers['content-type'], 'image/png');
    assert.match(String(got.headers['content-disposition']), /^attachment; filename="bus\.png"$/);
    assert.equal(got.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(got.rawPayload, PNG);
    assert.equal((await worker.get(`/expenses/${bus.id}/receipt`)).statusCode, 200);
    assert.equal((await m.api('worker2', 'GET', `/api/v1/money/expenses/${bus.id}/receipt`)).status, 403);
    assert.equal((await m.api('volunteer', 'GET', `/api/v1/money/expenses/${bus.id}/receipt`)).status, 403);
    assert.equal((await m.api('outsider', 'GET', `/api/v1/money/expenses/${bus.id}/receipt`)).status, 404);
    assert.equal((await m.api('admin', 'GET', `/api/v1/money/expenses/${bus.id}/receipt`)).status, 404);

    // Deciding: the worker cannot approve their own; rejecting needs a note; approving twice is a conflict.
    assert.equal((await m.api('worker', 'POST', `/api/v1/money/expenses/${bus.id}/decide`, { decision: 'approve' })).status, 403);
    const noNote = await owner.submit(`/money/expenses/${formula.id}`, { decision: 'reject', note: '' });
    assert.equal(noNote.statusCode, 422);
    assert.match(noNote.body, /Say why the expense is rejected/);
    assert.equal((await owner.submit(`/money/expenses/${bus.id}`, { decision: 'approve' })).statusCode, 303);
    assert.equal((await m.api('owner', 'POST', `/api/v1/money/expenses/${bus.id}/decide`, { decision: 'reject', note: 'no' })).status, 409);
    assert.equal((await m.api('owner', 'POST', `/api/v1/money/expenses/${formula.id}/decide`, { decision: 'approve' })).status, 200);
    assert.equal((await m.api('owner', 'POST', `/api/v1/money/expenses/${viaJson.body.expenseId}/decide`, { decision: 'reject', note: 'Not agreed beforehand' })).status, 200);

    // Statements: approved expenses at cost (4.50 + 2.00), the rejected taxi left out.
    const statement = await m.api('worker', 'GET', '/api/v1/money/statements/worker?month=2026-01');
    assert.equal(statement.body.totals.expenses, 650);
    const page = await worker.get('/money/statements/worker?month=2026-01');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Total to receive: £6\.50/);
    const csv = await worker.get('/money/statements/worker.csv?month=2026-01');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="statement-2026-01\.csv"/);
    const lines = csv.body.trim().split('\r\n');
    assert.match(lines[0] as string, /^Line,Date,Team,Start,End,Minutes/);
    assert.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""http://x"")"`)), 'a formula-like description stays text');
    assert.match(lines.at(-1) as string, /^total,2026-01,.*,Total to receive,6\.50$/);
    const payerCsv = await owner.get(`/teams/${m.teamId}/money/statements.csv?month=2026-01`);
    assert.match(payerCsv.body, /^Line,Payer kind,Payer,Date,Worker/);
    assert.match(payerCsv.body, /total,,No agreed rate,2026-01,.*Total due,6\.50/);

    // Pages: the owner's money page lists nothing waiting now; the worker's pages answer; outsiders get 404.
    assert.equal((await owner.get(`/teams/${m.teamId}/money`)).statusCode, 200);
    assert.equal((await worker.get('/money')).statusCode, 200);
    assert.match((await worker.get(`/teams/${m.teamId}/money`)).body, /Bus fare to the market/);
    assert.equal((await worker.get(`/teams/${m.teamId}/money/statements?month=2026-01`)).statusCode, 403);
    const outsider = await m.signedIn(m.outsider.email);
    assert.equal((await outsider.get(`/teams/${m.teamId}/money`)).statusCode, 404);
    assert.equal((await outsider.get(`/money/expenses/${bus.id}`)).statusCode, 404);
    assert.equal((await outsider.get(`/expenses/${bus.id}/receipt`)).statusCode, 404);
    await t.app.close();
  });
});
