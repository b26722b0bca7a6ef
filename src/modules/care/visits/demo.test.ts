import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { testApp } from '../../../../test/support/app.ts';
import { describeEachDemoDatabase } from '../../../../test/support/db.ts';
import { careVisitsDemo } from '../../../demo/care-visits.ts';
import { demoPeople } from '../../../demo/seed.ts';
import { people } from '../../people/schema.ts';
import { circles } from '../../circles/schema.ts';
import { careLogs, visits } from '../schema.ts';

describeEachDemoDatabase('visits in the demo co-op', (db) => {
  test("Rose's Team has a month of visits: past ones ended with pending logs, future ones booked, one cancelled, one moved", async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    // The demo ran the visits part once; running it again must add nothing.
    const ids: Record<string, string> = {};
    for (const d of demoPeople) ids[d.email.split('@')[0] as string] = ((await t.database.db.select().from(people).where(eq(people.email, d.email)))[0] as { id: string }).id;
    const before = await t.database.db.select().from(visits);
    await careVisitsDemo(deps, ids);
    assert.equal((await t.database.db.select().from(visits)).length, before.length, 'a second run adds no visits');
    const [rose] = await t.database.db.select().from(circles).where(eq(circles.name, "Rose's Team"));
    const rows = await t.database.db.select().from(visits).where(eq(visits.teamId, (rose as { id: string }).id));
    const now = t.clock.now();
    const states = (pred: (v: (typeof rows)[number]) => boolean) => rows.filter(pred).map((v) => v.state);
    assert.ok(states((v) => v.endsAt <= now).every((s) => s !== 'booked'), 'nothing past is left booked');
    assert.ok(states((v) => v.startsAt > now).filter((s) => s === 'booked').length >= 8, 'the weeks ahead are booked');
    assert.equal(rows.filter((v) => v.state === 'cancelled').length, 1);
    assert.equal(rows.filter((v) => v.rearrangeReason).length, 1);
    assert.deepEqual([...new Set(rows.map((v) => v.kind))].sort(), ['meeting', 'paid', 'volunteer']);
    const logs = await t.database.db.select().from(careLogs).where(eq(careLogs.teamId, (rose as { id: string }).id));
    assert.ok(rows.filter((v) => v.state === 'ended').every((v) => v.kind === 'meeting' || logs.some((l) => l.visitId === v.id)), 'every ended care visit has its logs');
    assert.ok(logs.some((l) => l.kind === 'paid') && logs.some((l) => l.kind === 'volunteer'));
  });
});
