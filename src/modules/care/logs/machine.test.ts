import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { FakeClock } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { Conflict } from '../../../platform/errors.ts';
import type { CareLogState } from '../schema.ts';
import { correctCareLog } from './add-log.ts';
import { adjustCareLog, confirmCareLog, disputeCareLog, resolveCareLog } from './commands.ts';
import { careLogTable, stepAllowed } from './machine.ts';
import { type Deps, logTeam, slot as slotTimes, volunteerLog, yesterday } from './test-support.ts';
import { careLogs } from '../schema.ts';
import { eq } from 'drizzle-orm';

// Written out by hand from DOMAIN.md 5 and the brief, so the table in machine.ts is checked
// against it rather than against itself.
const expected: Record<CareLogState, string[]> = {
  pending: ['confirm', 'adjust', 'dispute', 'auto-confirm'],
  adjusted: ['confirm', 'adjust', 'dispute'],
  disputed: ['resolve'],
  confirmed: ['correct'],
  void: [],
};

describeEachDatabase('care log state machine', (db) => {
  test('the table allows exactly the steps DOMAIN.md describes', () => {
    for (const [state, steps] of Object.entries(expected) as [CareLogState, string[]][]) {
      for (const step of Object.keys(careLogTable) as (keyof typeof careLogTable)[]) {
        assert.equal(stepAllowed(step, state), steps.includes(step), `${step} from ${state}`);
      }
    }
  });

  test('every state × every step through the commands: allowed, or 409 and nothing changes', async () => {
    const deps: Deps = { database: db(), clock: new FakeClock(new Date('2026-11-20T12:00:00Z')) };
    const t = await logTeam(deps);
    const a = t.actors;
    let slot = 0;
    // Each log at its own time, so adding one never overlaps another.
    const make = async (state: CareLogState): Promise<string> => {
      const logId = await volunteerLog(deps, t, slot);
      if (state === 'adjusted') await run(deps, a.owner, adjustCareLog, { logId, ...slotTimes(deps.clock, slot, 0.5), reason: 'Left early' });
      slot += 1;
      if (state === 'confirmed') await run(deps, a.owner, confirmCareLog, { logId });
      if (state === 'disputed' || state === 'void') await run(deps, a.owner, disputeCareLog, { logId, reason: 'I was out that day' });
      if (state === 'void') await run(deps, a.coach, resolveCareLog, { logId, outcome: 'void', note: 'It did not happen' });
      return logId;
    };
    const steps = {
      // From adjusted (the owner proposed) it is the supporter who agrees.
      confirm: (logId: string, state: CareLogState) => run(deps, state === 'adjusted' ? a.volunteer : a.owner, confirmCareLog, { logId }),
      adjust: (logId: string) => run(deps, a.volunteer, adjustCareLog, { logId, ...slotTimes(deps.clock, slot - 1, 0.75), reason: 'Times were wrong' }),
      dispute: (logId: string) => run(deps, a.owner, disputeCareLog, { logId, reason: 'Not right' }),
      resolve: (logId: string) => run(deps, a.coach, resolveCareLog, { logId, outcome: 'confirmed', note: 'Agreed at the check-in' }),
      correct: (logId: string) => run(deps, a.volunteer, correctCareLog, { logId, ...slotTimes(deps.clock, slot - 1, 0.25), reason: 'It was 15 minutes' }),
    };
    for (const state of Object.keys(expected) as CareLogState[]) {
      for (const [step, take] of Object.entries(steps)) {
        const logId = await make(state);
        const [before] = await deps.database.db.select().from(careLogs).where(eq(careLogs.id, logId));
        assert.equal(before?.state, state);
        if (expected[state].includes(step)) {
          await take(logId, state);
        } else {
          await assert.rejects(take(logId, state), (e) => e instanceof Conflict && e.status === 409, `${step} from ${state} is a 409`);
          const [after] = await deps.database.db.select().from(careLogs).where(eq(careLogs.id, logId));
          assert.deepEqual(after, before, `${step} from ${state} changed nothing`);
        }
      }
    }
  });

  test('the adjuster cannot confirm their own adjustment; a side cannot confirm twice', async () => {
    const deps: Deps = { database: db(), clock: new FakeClock(new Date('2026-11-20T12:00:00Z')) };
    const t = await logTeam(deps);
    const logId = await volunteerLog(deps, t);
    await assert.rejects(run(deps, t.actors.volunteer, confirmCareLog, { logId }), /already confirmed/);
    await run(deps, t.actors.owner, adjustCareLog, { logId, ...yesterday(deps.clock, 2), reason: 'Two hours' });
    await assert.rejects(run(deps, t.actors.owner, confirmCareLog, { logId }), (e) => e instanceof Conflict && /proposed these times/.test(e.message));
    await assert.rejects(run(deps, t.actors.advocate, confirmCareLog, { logId }), Conflict, 'the advocate is on the same side as the owner');
    await run(deps, t.actors.volunteer, adjustCareLog, { logId, ...yesterday(deps.clock, 1.5), reason: 'Ninety minutes, really' });
    await run(deps, t.actors.advocate, confirmCareLog, { logId });
    const [log] = await deps.database.db.select().from(careLogs).where(eq(careLogs.id, logId));
    assert.equal(log?.state, 'confirmed');
    assert.equal(log?.minutes, 90);
  });
});
