import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { run } from '../../platform/context.ts';
import { addMember } from './commands/add-member.ts';
import { createCircle } from './commands/create-circle.ts';
import { recordLogbookEntry } from './commands/record-logbook-entry.ts';
import { adoptedDecision } from '../decisions/mandates/test-support.ts';
import { circles } from './schema.ts';

describeEachDatabase('running a circle through the pages', (db) => {
  test('a sub-circle comes from the adopted decision that creates it, never from citing another; a full participant adds a member, defines a hat; others cannot', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const [full, guest, newcomer] = [await makePerson(t), await makePerson(t), await makePerson(t)];
    const { circleId } = await run(deps, system, createCircle, { name: 'Purpose', aim: 'a', domain: 'd', parentId: null });
    await run(deps, system, addMember, { circleId, personId: full.personId });
    await run(deps, system, addMember, { circleId, personId: guest.personId, participation: 'guest' });
    const { entryId: plain } = await run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId, kind: 'decision', title: 'Start a Kirklees circle', text: 'We start one.', authorId: null, reviewDate: null }), {});
    // The decision whose mandate creates the circle creates it on adoption, citing itself.
    const kirklees = { kind: 'create_circle', name: 'Kirklees', aim: 'Support', domain: 'Teams' };
    const { entryId } = await adoptedDecision(deps, circleId, [kirklees], 'Start a Kirklees circle');
    const [made] = await t.database.db.select().from(circles).where(eq(circles.createdByDecision, entryId));
    assert.equal(made?.name, 'Kirklees');

    const g = new Client(t.app);
    await g.signIn(guest.email);
    const refused = await g.submit('/circles/new', { name: 'Kirklees', aim: 'Support', domain: 'Teams', parentId: circleId, decisionId: entryId });
    assert.equal(refused.statusCode, 403);

    const f = new Client(t.app);
    await f.signIn(full.email);
    const noDecision = await f.submit('/circles/new', { name: 'Kirklees', aim: 'Support', domain: 'Teams', parentId: circleId, decisionId: '' });
    assert.equal(noDecision.statusCode, 422);
    assert.match(noDecision.body, /decision that creates this circle/);
    const unrelated = await f.submit('/circles/new', { name: 'Kirklees', aim: 'Support', domain: 'Teams', parentId: circleId, decisionId: plain });
    assert.equal(unrelated.statusCode, 422);
    assert.match(unrelated.body, /states no effects, so it authorises nothing/);
    const twice = await f.submit('/circles/new', { name: 'Kirklees', aim: 'Support', domain: 'Teams', parentId: circleId, decisionId: entryId });
    assert.equal(twice.statusCode, 422);
    assert.match(twice.body, /made this change when it was adopted/);

    const unknown = await f.submit(`/circles/${circleId}/members`, { email: 'nobody@example.org', participation: 'full' });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /invite them first/);
    assert.equal((await f.submit(`/circles/${circleId}/members`, { email: newcomer.email, participation: 'learning' })).statusCode, 303);
    const badHat = await f.submit(`/circles/${circleId}/hats/new`, { name: 'Care Commons Organiser', purpose: 'Runs the pool', responsibilities: '', termMonths: 'twelve', reviewMonths: '6' });
    assert.equal(badHat.statusCode, 422);
    assert.match(badHat.body, /List at least one responsibility/);
    assert.equal((await f.submit(`/circles/${circleId}/hats/new`, { name: 'Care Commons Organiser', purpose: 'Runs the pool', responsibilities: 'Keeps the pool\nReports monthly', termMonths: '12', reviewMonths: '6' })).statusCode, 303);
    const page = await f.get(`/circles/${circleId}`);
    assert.match(page.body, /Care Commons Organiser/);
    assert.match(page.body, /Kirklees/);
    assert.match((await f.get(`/logbook?circle=${circleId}`)).body, /Hat: Care Commons Organiser/);

    const n = new Client(t.app);
    await n.signIn(newcomer.email);
    assert.equal((await n.submit(`/circles/${circleId}`, {}, `/circles/${circleId}/leave`)).statusCode, 303);
    assert.doesNotMatch((await f.get(`/circles/${circleId}`)).body, new RegExp(newcomer.name));
    await t.app.close();
  });
});
