import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { testApp } from '../../../test/support/app.ts';
import { describeEachDemoDatabase } from '../../../test/support/db.ts';
import { circles } from '../circles/schema.ts';
import { promiseAccepted } from './commands/team.ts';
import { teamSurroundings } from './surroundings.ts';
import { teams } from './schema.ts';

describeEachDemoDatabase('teams in the demo co-op', (db) => {
  test("Rose's Team is self-managing with its Promise and hats; Arthur's Team is being started", async () => {
    const t = await testApp(db());
    const all = await t.database.db.select().from(circles);
    const rose = all.find((c) => c.name === "Rose's Team") as { id: string };
    const arthur = all.find((c) => c.name === "Arthur's Team") as { id: string };
    const [settings] = await t.database.db.select().from(teams).where(eq(teams.circleId, rose.id));
    assert.ok(settings?.selfManagingAt && settings.advocateId);
    assert.ok(await promiseAccepted(t.database.db, rose.id));
    assert.deepEqual((await teamSurroundings(t.database.db, arthur.id)).joins.map((j) => j.join.state).sort(), ['invited', 'trial']);
  });
});
