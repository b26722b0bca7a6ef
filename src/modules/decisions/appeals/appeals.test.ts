import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import { FakeClock } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { Conflict, NotAllowed } from '../../../platform/errors.ts';
import { makePerson } from '../../../../test/support/app.ts';
import { actorOf, circleWith, system } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { addMember } from '../../circles/commands/add-member.ts';
import { assignHat } from '../../circles/commands/assign-hat.ts';
import { createCircle } from '../../circles/commands/create-circle.ts';
import { recordLogbookEntry } from '../../circles/commands/record-logbook-entry.ts';
import { circleHats } from '../../circles/queries.ts';
import { logbookEntries } from '../../circles/schema.ts';
import { decideAppeal, openAppeal, signAppeal } from './commands.ts';

describeEachDatabase('appeals', (db) => {
  test('three unrelated members send a decision to the circle, then to a panel with its delegate, which can retire it', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const { circleId: parent, people: parentPeople } = await circleWith(deps, ['full'], { name: 'Purpose' });
    const { circleId, people } = await circleWith(deps, ['full', 'full'], { parentId: parent });
    const [delegate] = people;
    const hats = await circleHats(deps.database.db, circleId, clock.now());
    await run(deps, system, assignHat, { hatId: hats.find((h) => h.role === 'delegate')?.id as string, personId: delegate?.personId as string });
    const { entryId } = await run(deps, system, (ctx) =>
      recordLogbookEntry(ctx, { circleId, kind: 'policy', title: 'Visits end by 9pm', text: 'No visits after 9pm.', authorId: null, reviewDate: '2027-01-01' }), {});

    const [s1, s2, s3, s4] = [await makePerson(deps), await makePerson(deps), await makePerson(deps), await makePerson(deps)].map(actorOf) as Actor[];
    // s1 and s4 share a team, so they are related.
    const { circleId: team } = await run(deps, system, createCircle, { name: 'T', kind: 'team', aim: 'a', domain: 'd', parentId: parent, ownerId: s1?.personId });
    await run(deps, system, addMember, { circleId: team, personId: s4?.personId as string });

    const { appealId } = await run(deps, s1 as Actor, openAppeal, { logbookEntryId: entryId, grounds: 'Some people need evening support after late shifts.' });
    await assert.rejects(run(deps, s4 as Actor, signAppeal, { appealId, reason: 'I agree with this.' }), Conflict);
    assert.equal((await run(deps, s2 as Actor, signAppeal, { appealId, reason: 'My mother needs late visits.' })).state, 'gathering');
    assert.equal((await run(deps, s3 as Actor, signAppeal, { appealId, reason: 'Evenings matter to many of us.' })).state, 'circle_review');

    // Only the circle's full participants record its decision.
    await assert.rejects(run(deps, s1 as Actor, decideAppeal, { appealId, step: 'to-panel', note: 'We could not agree.' }), NotAllowed);
    await run(deps, actorOf(delegate as never), decideAppeal, { appealId, step: 'to-panel', note: 'We could not agree in the circle.' });
    await assert.rejects(run(deps, actorOf(delegate as never), decideAppeal, { appealId, step: 'circle-dismiss', note: 'Too late for this.' }), Conflict);
    // The panel is the circle's Delegate and the parent circle's full participants.
    const panelMember = actorOf(parentPeople[0] as never);
    await run(deps, panelMember, decideAppeal, { appealId, step: 'panel-uphold', note: 'Evening support is part of our aim.' });
    const [entry] = await deps.database.db.select().from(logbookEntries).where(eq(logbookEntries.id, entryId));
    assert.equal(entry?.state, 'retired');
  });
});
