import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { FakeClock, MINUTE } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { DomainError } from '../../../platform/errors.ts';
import { creditAccounts } from '../../credits/schema.ts';
import { careLogs } from '../schema.ts';
import { correctCareLog } from './add-log.ts';
import { verifyCareLogs } from './chain.ts';
import { adjustCareLog, confirmCareLog, disputeCareLog, resolveCareLog } from './commands.ts';
import { type CastName, type Deps, logTeam, slot, volunteerLog } from './test-support.ts';

const who = fc.constantFrom<CastName>('owner', 'advocate', 'volunteer', 'coach', 'leader', 'outsider', 'admin');
const step = fc.record({
  kind: fc.constantFrom('confirm', 'adjust', 'dispute', 'resolve-confirmed', 'resolve-void', 'correct'),
  actor: who,
  log: fc.nat(9),
  minutes: fc.integer({ min: 10, max: 150 }),
});

describeEachDatabase('care logs under random steps', (db) => {
  test('after every step the chain verifies, confirmed logs never change, and credits match the confirmed volunteer minutes', async () => {
    const deps: Deps = { database: db(), clock: new FakeClock(new Date('2026-11-20T12:00:00Z')) };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 14 }), async (steps) => {
        const t = await logTeam(deps);
        const logs = [await volunteerLog(deps, t, 0), await volunteerLog(deps, t, 4), await volunteerLog(deps, t, 8)];
        const all = async () => deps.database.db.select().from(careLogs).where(eq(careLogs.teamId, t.teamId)).orderBy(careLogs.id);
        const frozen = new Map<string, string>();
        for (const s of steps) {
          const i = s.log % logs.length;
          const logId = logs[i] as string;
          const times = slot(deps.clock, i * 4, s.minutes / 60);
          const input = { logId, ...times, reason: 'Random step', note: 'Random resolution' };
          const before = JSON.stringify(await all());
          deps.clock.advance(MINUTE);
          try {
            if (s.kind === 'confirm') await run(deps, t.actors[s.actor], confirmCareLog, input);
            if (s.kind === 'adjust') await run(deps, t.actors[s.actor], adjustCareLog, input);
            if (s.kind === 'dispute') await run(deps, t.actors[s.actor], disputeCareLog, input);
            if (s.kind.startsWith('resolve')) await run(deps, t.actors[s.actor], resolveCareLog, { ...input, outcome: s.kind.slice(8) });
            if (s.kind === 'correct') logs.push((await run(deps, t.actors[s.actor], correctCareLog, input)).logId);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            assert.equal(JSON.stringify(await all()), before, `a refused ${s.kind} (${error.status}) changes nothing`);
          }
          assert.equal(await verifyCareLogs(deps.database), null);
          const rows = await all();
          for (const r of rows) {
            const seen = frozen.get(r.id);
            if (seen) assert.equal(JSON.stringify(r), seen, 'a confirmed or void log never changes');
            else if (r.state === 'confirmed' || r.state === 'void') frozen.set(r.id, JSON.stringify(r));
          }
          // What the volunteer holds is the minutes of each confirmed log not replaced by a confirmed correction.
          const replaced = new Set(rows.filter((r) => r.state === 'confirmed' && r.correctsId).map((r) => r.correctsId));
          const expected = rows.filter((r) => r.state === 'confirmed' && !replaced.has(r.id)).reduce((sum, r) => sum + r.minutes, 0);
          const [account] = await deps.database.db.select({ balance: creditAccounts.balance }).from(creditAccounts).where(eq(creditAccounts.personId, t.cast.volunteer.personId));
          assert.equal(account?.balance ?? 0, expected);
        }
      }),
      { numRuns: 12, seed: 20261120 },
    );
  });
});
