import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { FakeClock } from '../../platform/clock.ts';
import { circleMembers } from '../circles/schema.ts';
import { ChatHub, type StreamSubscriber } from './live.ts';
import { circleWith, pair } from './test-support.ts';

describeEachDatabase('chat hub heartbeat', (db) => {
  test('one check per circle pings the members’ pages and ends the page of someone no longer in it', async () => {
    const deps = { database: db(), clock: new FakeClock(new Date('2026-04-01T09:00:00Z')) };
    const { circleId, people } = await circleWith(deps, ['full', 'full']);
    const [ann, bea] = pair(people);
    const errors: unknown[] = [];
    const hub = new ChatHub(deps.database, deps.clock, (e) => errors.push(e), 40);
    const seen: string[] = [];
    const page = (who: { personId: string; name: string }): StreamSubscriber => ({
      personId: who.personId,
      deliver: () => seen.push(`${who.name} message`),
      ping: () => seen.push(`${who.name} ping`),
      end: () => seen.push(`${who.name} end`),
    });
    await hub.subscribe(circleId, page(ann));
    const stopBea = await hub.subscribe(circleId, page(bea));
    const until = async (what: string) => {
      for (let i = 0; i < 100 && !seen.includes(what); i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(seen.includes(what), `${what}; saw ${JSON.stringify(seen)}`);
    };
    await until(`${bea.name} ping`);
    assert.ok(seen.includes(`${ann.name} ping`));

    // Bea's membership ends with no event and no chat message (as a link's term running out
    // does): only the heartbeat can notice, and it ends her page while Ann's carries on.
    await deps.database.db.update(circleMembers).set({ leftAt: deps.clock.now() })
      .where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.personId, bea.personId)));
    seen.length = 0;
    await until(`${bea.name} end`);
    stopBea();
    await until(`${ann.name} ping`);
    assert.ok(!seen.includes(`${bea.name} ping`));
    await hub.close();
    assert.deepEqual(errors, []);
  });
});
