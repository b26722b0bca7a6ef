// Random sequences of everything people do with credits, against a simple model of what
// should happen; after every step the ledger must still prove itself (verifyLedger) and hold
// exactly the balances the model expects.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { eq, inArray, or } from 'drizzle-orm';
import fc from 'fast-check';
import { FakeClock, MINUTE } from '../../platform/clock.ts';
import { type Ctx, run } from '../../platform/context.ts';
import { Conflict, Invalid } from '../../platform/errors.ts';
import { makePerson } from '../../../test/support/app.ts';
import { circleWith } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { donateCredits } from './commands/donate-credits.ts';
import { earnCredits } from './commands/earn-credits.ts';
import { give } from './commands/give-credits.ts';
import { redistributeCredits } from './commands/redistribute-credits.ts';
import { reverseTransfer } from './commands/reverse-transfer.ts';
import { setAutoDonate } from './commands/set-auto-donate.ts';
import { spendCredits } from './commands/spend-credits.ts';
import type { TransferResult } from './ledger.ts';
import { creditAccounts } from './schema.ts';
import { actorOf, fund, poolWithAllowance, system } from './test-support.ts';
import { verifyLedger } from './verify.ts';

const who = fc.integer({ min: 0, max: 3 });
const other = fc.integer({ min: 1, max: 3 });
const minutes = fc.constantFrom(15, 30, 60, 90, 120, 300, 360);
const key = fc.integer({ min: 0, max: 4 });
const command = fc.oneof(
  fc.record({ t: fc.constant('earn' as const), who, minutes, ref: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ t: fc.constant('give' as const), who, to: other, minutes, key, message: fc.constantFrom(null, 'Thank you') }),
  fc.record({ t: fc.constant('donate' as const), who, minutes, key }),
  fc.record({ t: fc.constant('spend' as const), who, to: other, minutes, key, activity: fc.constantFrom('walks', 'dog-walks') }),
  { arbitrary: fc.record({ t: fc.constant('redistribute' as const), who, minutes, key }), weight: 2 },
  fc.record({ t: fc.constant('reverse' as const), pick: fc.nat(), message: fc.constantFrom(null, 'A mistake') }),
  fc.record({ t: fc.constant('retry' as const), pick: fc.nat() }),
  fc.record({ t: fc.constant('autoDonate' as const), who, on: fc.boolean() }),
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

const PER_PAYMENT = 120;
const TOTAL = 180;

describeEachDatabase('credit ledger properties', (db) => {
  test('every sequence of commands keeps the ledger whole, never overdrawn, and retries safe', async () => {
    const deps = { database: db(), clock: new FakeClock() };
    const { circleId } = await circleWith(deps, []);
    // The same four people throughout (making people is slow: passwords are hashed); each run
    // starts the model from their balances then, with a new pool.
    const people: { personId: string }[] = [];
    for (let i = 0; i < 4; i++) people.push(await makePerson(deps));
    const label = (i: number) => `p${i}`;
    const balances = async (poolId: string): Promise<Record<string, number>> => {
      const accounts = await deps.database.db
        .select({ personId: creditAccounts.personId, id: creditAccounts.id, balance: creditAccounts.balance })
        .from(creditAccounts)
        .where(or(eq(creditAccounts.id, poolId), inArray(creditAccounts.personId, people.map((p) => p.personId))));
      const found: Record<string, number> = { p0: 0, p1: 0, p2: 0, p3: 0, pool: 0 };
      for (const a of accounts) found[a.id === poolId ? 'pool' : label(people.findIndex((p) => p.personId === a.personId))] = a.balance;
      return found;
    };
    const personId = (i: number) => (people[i] as { personId: string }).personId;
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
        for (const p of people) await run(deps, actorOf(p), setAutoDonate, { poolId: '' });
        const { poolId, entryId } = await poolWithAllowance(deps, circleId, PER_PAYMENT / 60, TOTAL / 60, { recipients: 'named', recipientIds: people.map((p) => p.personId) });
        const runId = randomUUID();
        // The pool starts with enough in it that its decision's total limit, not its balance, binds.
        await fund(deps, personId(0), 600);
        await run(deps, actorOf({ personId: personId(0) }), donateCredits, { poolId, amount: '10', idempotencyKey: `seed-${runId}` });
        const balance = await balances(poolId);
        const autoDonate = [false, false, false, false];
        const usedKeys = new Map<string, { content: string; id: string }>();
        const transfers: { id: string; kind: string; from: string; to: string; minutes: number; reversedBy?: { id: string; message: string | null } }[] = [];
        let paid = 0;
        const history: Command[] = [];

        type Expect = { outcome: 'ok' } | { outcome: 'replay'; id: string } | { outcome: 'invalid' } | { outcome: 'conflict' };
        type Result = TransferResult & { donated?: { id: string } | null };
        const keyed = (k: string, content: string, affordable: boolean): Expect => {
          const used = usedKeys.get(k);
          if (used) return used.content === content ? { outcome: 'replay', id: used.id } : { outcome: 'conflict' };
          return affordable ? { outcome: 'ok' } : { outcome: 'invalid' };
        };
        const move = (from: string, to: string, m: number) => {
          if (from in balance) balance[from] = (balance[from] as number) - m;
          if (to in balance) balance[to] = (balance[to] as number) + m;
        };

        const perform = async (c: Command): Promise<void> => {
          let expected: Expect;
          let send: () => Promise<Result>;
          let onOk: (r: Result) => void;
          if (c.t === 'autoDonate') {
            await run(deps, actorOf({ personId: personId(c.who) }), setAutoDonate, { poolId: c.on ? poolId : '' });
            autoDonate[c.who] = c.on;
            return;
          }
          if (c.t === 'retry') {
            const earlier = history[c.pick % Math.max(1, history.length)];
            if (earlier) await perform(earlier);
            return;
          }
          history.push(c);
          if (c.t === 'earn') {
            const to = label(c.who);
            const content = JSON.stringify([c.who, c.minutes]);
            expected = keyed(`earn:${c.ref}`, content, true);
            send = () => run(deps, system, (ctx: Ctx) => earnCredits(ctx, { personId: personId(c.who), minutes: c.minutes, referenceType: 'activity', referenceId: `${runId}-${c.ref}` }), {});
            onOk = (r) => {
              usedKeys.set(`earn:${c.ref}`, { content, id: r.transfer.id });
              move('issuance', to, c.minutes);
              transfers.push({ id: r.transfer.id, kind: 'earn', from: 'issuance', to, minutes: c.minutes });
              assert.equal(Boolean(r.donated), autoDonate[c.who], 'auto-donate passes on exactly what was earned');
              if (r.donated) {
                move(to, 'pool', c.minutes);
                transfers.push({ id: r.donated.id, kind: 'donate', from: to, to: 'pool', minutes: c.minutes });
              }
            };
          } else if (c.t === 'reverse') {
            const original = transfers[c.pick % Math.max(1, transfers.length)];
            if (!original) return;
            const actor = /^p\d$/.test(original.to) ? actorOf({ personId: personId(Number(original.to.slice(1))) }) : system;
            if (original.kind === 'reverse') expected = { outcome: 'conflict' };
            else if (original.reversedBy) expected = original.reversedBy.message === c.message ? { outcome: 'replay', id: original.reversedBy.id } : { outcome: 'conflict' };
            else expected = (balance[original.to] ?? 0) >= original.minutes || original.to === 'issuance' ? { outcome: 'ok' } : { outcome: 'invalid' };
            send = () => run(deps, actor, reverseTransfer, { transferId: original.id, ...(c.message ? { message: c.message } : {}) });
            onOk = (r) => {
              move(original.to, original.from, original.minutes);
              original.reversedBy = { id: r.transfer.id, message: c.message };
              if (original.kind === 'redistribute') paid -= original.minutes;
              transfers.push({ id: r.transfer.id, kind: 'reverse', from: original.to, to: original.from, minutes: original.minutes });
            };
          } else {
            const from = c.t === 'redistribute' ? 'pool' : label(c.who);
            const to = c.t === 'donate' ? 'pool' : label(c.t === 'redistribute' ? c.who : (c.who + c.to) % 4);
            const actor = c.t === 'redistribute' ? system : actorOf({ personId: personId(c.who) });
            const k = `${c.t === 'redistribute' ? 'system' : c.who}:${c.key}`;
            const content = JSON.stringify([c.t, to, c.minutes, 'message' in c ? c.message : null, 'activity' in c ? c.activity : null]);
            const withinDecision = c.t !== 'redistribute' || (c.minutes <= PER_PAYMENT && paid + c.minutes <= TOTAL);
            expected = keyed(k, content, withinDecision && (balance[from] as number) >= c.minutes);
            const toPersonId = to === 'pool' ? undefined : personId(Number(to.slice(1)));
            const base = { amount: String(c.minutes / 60), idempotencyKey: `key-${runId}-${c.key}` };
            send = () => {
              if (c.t === 'give') return give(deps, actor, { ...base, toPersonId, ...(c.message ? { message: c.message } : {}) });
              if (c.t === 'donate') return run(deps, actor, donateCredits, { ...base, poolId });
              if (c.t === 'spend') return run(deps, actor, spendCredits, { ...base, toPersonId, activity: c.activity });
              return run(deps, actor, redistributeCredits, { ...base, poolId, toPersonId, logbookEntryId: entryId });
            };
            onOk = (r) => {
              usedKeys.set(k, { content, id: r.transfer.id });
              move(from, to, c.minutes);
              if (c.t === 'redistribute') paid += c.minutes;
              transfers.push({ id: r.transfer.id, kind: c.t, from, to, minutes: c.minutes });
            };
          }
          let outcome: string;
          try {
            const result = await send();
            outcome = result.replayed ? 'replay' : 'ok';
            if (expected.outcome === 'replay') assert.equal(result.transfer.id, expected.id, 'a retry returns the first transfer');
            if (outcome === 'ok') onOk(result);
          } catch (error) {
            if (error instanceof Invalid) outcome = 'invalid';
            else if (error instanceof Conflict) outcome = 'conflict';
            else throw error;
          }
          assert.equal(outcome, expected.outcome, JSON.stringify(c));
        };

        for (const c of commands) {
          await perform(c);
          deps.clock.advance(MINUTE);
          steps += 1;
          assert.deepEqual(await verifyLedger(deps.database.db), []);
          assert.deepEqual(await balances(poolId), balance);
        }
      }),
      { numRuns: 30 },
    );
    assert.ok(steps > 150, `ran ${steps} steps`);
  });
});
