import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { FakeClock } from '../../platform/clock.ts';
import { type Ctx, run } from '../../platform/context.ts';
import { Conflict, Invalid } from '../../platform/errors.ts';
import { makePerson } from '../../../test/support/app.ts';
import { circleWith } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { createPool } from './commands/create-pool.ts';
import { earnCredits } from './commands/earn-credits.ts';
import { give, giveCredits } from './commands/give-credits.ts';
import { setAutoDonate } from './commands/set-auto-donate.ts';
import { spendCredits } from './commands/spend-credits.ts';
import { KeyReused, lockAccounts, personAccounts, postTransfer } from './ledger.ts';
import { accountOf } from './queries.ts';
import { creditAccounts, creditEntries, creditTransfers } from './schema.ts';
import { actorOf, fund, system } from './test-support.ts';
import { verifyLedger } from './verify.ts';

describeEachDatabase('credit ledger', (db, kind) => {
  const setup = async () => {
    const deps = { database: db(), clock: new FakeClock() };
    return { deps, payer: await makePerson(deps), volunteer: await makePerson(deps) };
  };
  const balance = async (deps: { database: ReturnType<typeof db> }, personId: string) => (await accountOf(deps.database.db, personId))?.balance ?? 0;

  test('64 simultaneous spends of 60 minutes from 600: exactly 10 go through, the rest are refused', async () => {
    const { deps, payer, volunteer } = await setup();
    await fund(deps, payer.personId, 600);
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 64 }, (_, i) =>
        run(deps, actorOf(payer), spendCredits, { toPersonId: volunteer.personId, activity: 'walks', amount: '1', idempotencyKey: `walk-${i}` }),
      ),
    );
    const elapsed = performance.now() - started;
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(results.length - refused.length, Math.floor(600 / 60));
    for (const r of refused) assert.ok(r.reason instanceof Invalid, `refused with ${String(r.reason)}`);
    assert.equal(await balance(deps, payer.personId), 0);
    assert.equal(await balance(deps, volunteer.personId), 600);
    assert.deepEqual(await verifyLedger(deps.database.db), []);
    console.log(`  [${kind}] 64 concurrent spends in ${elapsed.toFixed(0)} ms`);
  });

  test('simultaneous retries with one key make one transfer and all get it back', async () => {
    const { deps, payer, volunteer } = await setup();
    await fund(deps, payer.personId, 600);
    const input = { toPersonId: volunteer.personId, amount: '1', message: 'For the lifts', idempotencyKey: 'retry-me' };
    const results = await Promise.all(Array.from({ length: 16 }, () => give(deps, actorOf(payer), input)));
    assert.equal(new Set(results.map((r) => r.transfer.id)).size, 1);
    assert.equal(results.filter((r) => !r.replayed).length, 1);
    assert.equal(await balance(deps, payer.personId), 540);
    // A retry long after still returns the first transfer (keys are kept with the transfer).
    deps.clock.advance(3 * 24 * 3600_000);
    const late = await give(deps, actorOf(payer), input);
    assert.equal(late.transfer.id, results[0]?.transfer.id);
    assert.ok(late.replayed);
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });

  test('the same key with different content is refused, also when both arrive at once', async () => {
    const { deps, payer, volunteer } = await setup();
    await fund(deps, payer.personId, 600);
    await give(deps, actorOf(payer), { toPersonId: volunteer.personId, amount: '1', idempotencyKey: 'k1' });
    await assert.rejects(give(deps, actorOf(payer), { toPersonId: volunteer.personId, amount: '2', idempotencyKey: 'k1' }), (e) => e instanceof KeyReused && /already used for a different transfer/.test(e.message));

    const racing = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => give(deps, actorOf(payer), { toPersonId: volunteer.personId, amount: String(1 + (i % 2)), idempotencyKey: 'k2' })),
    );
    const won = racing.filter((r) => r.status === 'fulfilled').map((r) => r.value.transfer.id);
    assert.equal(new Set(won).size, 1, 'every success is the one transfer');
    for (const r of racing) if (r.status === 'rejected') assert.ok(r.reason instanceof KeyReused, String(r.reason));
    const stored = await deps.database.db.select().from(creditTransfers).where(eq(creditTransfers.idempotencyKey, `${payer.personId}:k2`));
    assert.equal(stored.length, 1);
    // Another person's identical key is theirs alone.
    await fund(deps, volunteer.personId, 60);
    const theirs = await give(deps, actorOf(volunteer), { toPersonId: payer.personId, amount: '1', idempotencyKey: 'k1' });
    assert.equal(theirs.replayed, false);
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });

  test('a gift is one statement when it can be, the command otherwise, and 64 at once never overdraw', async () => {
    const { deps, payer, volunteer } = await setup();
    await fund(deps, payer.personId, 600);
    let transactions = 0;
    const db = deps.database.db;
    const counted = { ...deps, database: { ...deps.database, db: Object.assign(Object.create(db) as typeof db, { transaction: (...args: Parameters<typeof db.transaction>) => (transactions++, db.transaction(...args)) }) } };
    // The volunteer has no account yet: the command opens it.
    await give(counted, actorOf(payer), { toPersonId: volunteer.personId, amount: '1', idempotencyKey: 'first' });
    assert.equal(transactions, 1);
    const fast = await give(counted, actorOf(payer), { toPersonId: volunteer.personId, amount: '1', message: 'Thanks', idempotencyKey: 'second' });
    assert.equal(transactions, 1, 'both hold accounts and the payer has enough: one statement, no command transaction');
    const [stored] = await db.select().from(creditTransfers).where(eq(creditTransfers.id, fast.transfer.id));
    assert.deepEqual(stored, fast.transfer);
    const [event] = await deps.database.query<{ type: string; data: unknown }>('SELECT type, data FROM events WHERE subject_id = $1', [fast.transfer.id]);
    assert.deepEqual(event, { type: 'credits.gift', data: { amount: 60, from: fast.transfer.fromAccount, to: fast.transfer.toAccount } });
    // A retry, and a gift the payer cannot afford, go through the command for its answer.
    assert.equal((await give(counted, actorOf(payer), { toPersonId: volunteer.personId, amount: '1', message: 'Thanks', idempotencyKey: 'second' })).replayed, true);
    assert.equal(transactions, 2);
    await assert.rejects(give(counted, actorOf(payer), { toPersonId: volunteer.personId, amount: '9', idempotencyKey: 'too-much' }), (e) => e instanceof Invalid && /more than you have \(8 credits\)/.test(e.fields.amount ?? ''));
    // 64 gifts of one credit at once from the 8 left: exactly 8 are made.
    const results = await Promise.allSettled(Array.from({ length: 64 }, (_, i) => give(deps, actorOf(payer), { toPersonId: volunteer.personId, amount: '1', idempotencyKey: `many-${i}` })));
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(results.length - refused.length, 8);
    for (const r of refused) assert.ok(r.reason instanceof Invalid, `refused with ${String(r.reason)}`);
    assert.deepEqual([await balance(deps, payer.personId), await balance(deps, volunteer.personId)], [0, 600]);
    assert.deepEqual(await verifyLedger(db), []);
  });

  test('a retry gets its transfer back even when it could not be paid now; each transfer writes one event', async () => {
    const { deps, payer, volunteer } = await setup();
    await fund(deps, payer.personId, 60);
    // The volunteer has no account yet: the first gift opens it (the slower path), later ones
    // find both accounts in the one locking statement.
    const all = { toPersonId: volunteer.personId, amount: '1', idempotencyKey: 'everything' };
    const first = await run(deps, actorOf(payer), giveCredits, all);
    assert.equal(first.replayed, false);
    assert.equal(await balance(deps, volunteer.personId), 60);
    const again = await run(deps, actorOf(payer), giveCredits, all);
    assert.deepEqual([again.transfer.id, again.replayed], [first.transfer.id, true]);
    await assert.rejects(run(deps, actorOf(payer), giveCredits, { ...all, amount: '0.5' }), KeyReused);
    await assert.rejects(run(deps, actorOf(payer), giveCredits, { ...all, idempotencyKey: 'more' }), (e) => e instanceof Invalid && /more than you have/.test(e.fields.amount ?? ''));
    const back = await run(deps, actorOf(volunteer), giveCredits, { toPersonId: payer.personId, amount: '0.25', idempotencyKey: 'back' });
    const gifts = await deps.database.query<{ subject_id: string; actor_id: string }>("SELECT subject_id, actor_id FROM events WHERE type = 'credits.gift' AND actor_id IN ($1, $2) ORDER BY seq", [payer.personId, volunteer.personId]);
    assert.deepEqual(gifts, [
      { subject_id: first.transfer.id, actor_id: payer.personId },
      { subject_id: back.transfer.id, actor_id: volunteer.personId },
    ]);
    assert.equal(await balance(deps, payer.personId), 15);
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });

  test('a request that loses the race for its key while the first is still open is refused, not doubled', async () => {
    const { deps, payer, volunteer } = await setup();
    const third = await makePerson(deps);
    const fourth = await makePerson(deps);
    await fund(deps, payer.personId, 120);
    await fund(deps, third.personId, 120);
    const accounts = async (ctx: Ctx, a: string, b: string) => {
      const ids = await personAccounts(ctx, [a, b]);
      return { from: ids.get(a) as string, to: ids.get(b) as string };
    };
    // Two requests under one stored key that lock different accounts, so nothing but the
    // key's unique index stands between them; the first holds its transaction open a moment.
    const first = run(deps, system, async (ctx: Ctx) => {
      const { from, to } = await accounts(ctx, payer.personId, volunteer.personId);
      const result = await postTransfer(ctx, await lockAccounts(ctx, [from, to]), { kind: 'gift', from, to, amount: 60, key: 'shared' });
      await new Promise((resolve) => setTimeout(resolve, 150));
      return result;
    }, {});
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = run(deps, system, async (ctx: Ctx) => {
      const { from, to } = await accounts(ctx, third.personId, fourth.personId);
      return postTransfer(ctx, await lockAccounts(ctx, [from, to]), { kind: 'gift', from, to, amount: 60, key: 'shared' });
    }, {});
    const [a, b] = await Promise.allSettled([first, second]);
    assert.equal(a.status, 'fulfilled');
    assert.ok(b.status === 'rejected' && b.reason instanceof KeyReused, String(b.status === 'rejected' ? b.reason : 'second succeeded'));
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });

  test('a reference earns once, even when asked twice at the same moment or with another key', async () => {
    const { deps, volunteer } = await setup();
    const earn = (extra: Record<string, unknown> = {}) =>
      run(deps, system, (ctx: Ctx) => earnCredits(ctx, { personId: volunteer.personId, minutes: 90, referenceType: 'care_log', referenceId: 'log-1', ...extra }), {});
    const results = await Promise.all(Array.from({ length: 8 }, () => earn()));
    assert.equal(new Set(results.map((r) => r.transfer.id)).size, 1);
    assert.equal((await earn({ idempotencyKey: 'another-key' })).transfer.id, results[0]?.transfer.id);
    await assert.rejects(earn({ minutes: 120 }), Conflict);
    await assert.rejects(earn({ minutes: 120, idempotencyKey: 'yet-another' }), Conflict);
    assert.equal(await balance(deps, volunteer.personId), 90);
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });

  test('auto-donate passes everything earned to the chosen pool in the same transaction', async () => {
    const { deps, volunteer } = await setup();
    const { circleId } = await circleWith(deps, []);
    const { poolId } = await run(deps, system, createPool, { circleId, name: 'Common pool' });
    await run(deps, actorOf(volunteer), setAutoDonate, { poolId });
    const result = await fund(deps, volunteer.personId, 120);
    assert.ok(result.donated);
    assert.equal(await balance(deps, volunteer.personId), 0);
    const [pool] = await deps.database.db.select().from(creditAccounts).where(eq(creditAccounts.id, poolId));
    assert.equal(pool?.balance, 120);
    await run(deps, actorOf(volunteer), setAutoDonate, { poolId: '' });
    await fund(deps, volunteer.personId, 60);
    assert.equal(await balance(deps, volunteer.personId), 60);
    assert.deepEqual(await verifyLedger(deps.database.db), []);
  });

  test('the database refuses edits, deletes, overdrafts and transfers that do not balance', async () => {
    const { deps, payer, volunteer } = await setup();
    await fund(deps, payer.personId, 60);
    const d = deps.database;
    await assert.rejects(d.query('UPDATE credit_transfers SET amount = 1'), /append-only/);
    await assert.rejects(d.query('DELETE FROM credit_entries'), /append-only/);
    await assert.rejects(d.query('DELETE FROM credit_accounts'), /append-only/);
    await assert.rejects(d.query("UPDATE credit_accounts SET balance = -5, version = version WHERE kind = 'person'"), /credit_accounts_not_below_zero/);
    const [from, to] = [(await accountOf(d.db, payer.personId))?.id, randomUUID()];
    await d.query(`INSERT INTO credit_accounts (id, kind, person_id, name, created_at) VALUES ($1, 'person', $2, 'x', now())`, [to, volunteer.personId]);
    // A transfer with no entries, or an account moved without its entries, cannot commit.
    await assert.rejects(
      d.db.transaction(async (tx) => {
        await tx.insert(creditTransfers).values({ id: randomUUID(), idempotencyKey: randomUUID(), requestHash: 'x', kind: 'gift', fromAccount: from as string, toAccount: to, amount: 5, createdAt: new Date() });
      }),
      (e: Error) => /does not balance/.test(`${e.message} ${String((e as { cause?: unknown }).cause)}`),
    );
    await assert.rejects(d.query('UPDATE credit_accounts SET balance = balance - 1 WHERE id = $1', [from]), /does not match|entries end at/);
    // Entries that chain correctly but whose accounts were never moved cannot commit either.
    const [latest] = await d.query<{ balance: number; version: number }>('SELECT balance, version FROM credit_accounts WHERE id = $1', [from]);
    const transferId = randomUUID();
    await assert.rejects(
      d.db.transaction(async (tx) => {
        await tx.insert(creditTransfers).values({ id: transferId, idempotencyKey: randomUUID(), requestHash: 'x', kind: 'gift', fromAccount: from as string, toAccount: to, amount: 5, createdAt: new Date() });
        await tx.insert(creditEntries).values([
          { id: randomUUID(), accountId: from as string, transferId, amount: -5, balanceBefore: Number(latest?.balance), balanceAfter: Number(latest?.balance) - 5, version: Number(latest?.version) + 1, createdAt: new Date() },
          { id: randomUUID(), accountId: to, transferId, amount: 5, balanceBefore: 0, balanceAfter: 5, version: 1, createdAt: new Date() },
        ]);
      }),
      (e: Error) => /was not moved/.test(`${e.message} ${String((e as { cause?: unknown }).cause)}`),
    );
    assert.deepEqual(await verifyLedger(d.db), []);
  });
});
