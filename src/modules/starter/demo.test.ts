import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { testApp } from '../../../test/support/app.ts';
import { describeEachDemoDatabase } from '../../../test/support/db.ts';
import { read } from '../../platform/context.ts';
import { circles } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import { readBoard } from './queries.ts';

describeEachDemoDatabase('team starting in the demo co-op', (db) => {
  test("Tom's Calderdale board has an enquiry in each part of the pipeline, and Rose's Team came through it", async () => {
    const t = await testApp(db());
    const [local] = await t.database.db.select().from(circles).where(eq(circles.name, 'Calderdale Local Circle'));
    const [tom] = await t.database.db.select().from(people).where(eq(people.email, 'tom@demo.carecircles.org'));
    const board = await read(t, { personId: tom?.id as string, name: 'Tom', isAdmin: false, via: 'session' }, readBoard, { circleId: local?.id as string });
    const names = (key: string) => board.columns.find((c) => c.key === key)?.cards.map((c) => c.forName) ?? [];
    assert.deepEqual(names('interest'), ['Margaret Hirst']);
    assert.deepEqual(names('supportive-conversation'), ['Derek Sutcliffe']);
    assert.deepEqual(names('on-hold'), ['Eileen Crowther']);
    assert.deepEqual(names('check-in-due'), ['Bill Ogden']);
    assert.deepEqual(names('getting-support'), ['Rose Pennington']);
    const rose = board.columns.flatMap((c) => c.cards).find((c) => c.forName === 'Rose Pennington');
    const [team] = await t.database.db.select().from(circles).where(eq(circles.name, "Rose's Team"));
    assert.equal(rose?.teamId, team?.id);
    assert.equal(rose?.state, 'self_managing', "the teams demo steps Tom back from Rose's Team first");
  });
});
