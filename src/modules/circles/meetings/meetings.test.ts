import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor } from '../../../platform/authz.ts';
import { run } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../../platform/errors.ts';
import { Client, makePerson, testApp } from '../../../../test/support/app.ts';
import { actorOf, circleWith } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { getLogbookEntry, listLogbook } from '../logbook-queries.ts';
import { eq } from 'drizzle-orm';
import { agendaItems } from './schema.ts';
import { addItem, approveMinutes, draftMinutes, moveMeeting, recordInMeeting, scheduleMeeting } from './commands.ts';

describeEachDatabase('circle meetings', (db) => {
  test('scheduled, run with rounds and notes, minutes drafted and approved into the logbook; confidential items stay in the circle', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId, people } = await circleWith(deps, ['full', 'full', 'guest']);
    const [ann, bob, guest] = people.map(actorOf) as [Actor, Actor, Actor];
    const outsider = await makePerson(deps);

    await assert.rejects(run(deps, guest, scheduleMeeting, { circleId, startsAt: '2027-03-20T18:00', place: 'Library' }), NotAllowed);
    await assert.rejects(run(deps, ann, scheduleMeeting, { circleId, startsAt: 'next week', place: '' }), (e: unknown) => e instanceof Invalid && 'startsAt' in e.fields && 'place' in e.fields);
    const { meetingId } = await run(deps, ann, scheduleMeeting, { circleId, startsAt: '2027-03-20T18:00', place: 'Library' });

    await run(deps, ann, addItem, { meetingId, kind: 'proposal', title: 'Rota swaps by text' });
    await run(deps, ann, addItem, { meetingId, kind: 'report', title: "Bob's health", confidential: 'on' });
    await assert.rejects(run(deps, ann, moveMeeting, { meetingId, step: 'close' }), Conflict, 'a meeting not yet open cannot close');
    await assert.rejects(run(deps, ann, draftMinutes, { meetingId }), Conflict);
    await run(deps, bob, moveMeeting, { meetingId, step: 'open' });
    await run(deps, ann, recordInMeeting, { meetingId, personId: ann.personId, role: 'member', opening: 'Glad to be here' });
    await run(deps, ann, recordInMeeting, { meetingId, personId: bob.personId, role: 'apology' });
    await run(deps, ann, recordInMeeting, { meetingId, personId: ann.personId, closing: 'Good meeting' });
    const items = await t.database.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId));
    const publicItem = items.find((i) => !i.confidential) as { id: string };
    const secretItem = items.find((i) => i.confidential) as { id: string };
    await run(deps, ann, recordInMeeting, { meetingId, itemId: publicItem.id, notes: 'Consented; review in a year.' });
    await run(deps, ann, recordInMeeting, { meetingId, itemId: secretItem.id, notes: 'Bob is in hospital until Friday.' });
    await run(deps, ann, moveMeeting, { meetingId, step: 'close' });
    await assert.rejects(run(deps, ann, recordInMeeting, { meetingId, personId: bob.personId, role: 'member' }), Conflict, 'a closed meeting records nothing more');

    const { minutes } = await run(deps, ann, draftMinutes, { meetingId });
    assert.match(minutes, /Present: .*Apologies: /s);
    assert.match(minutes, /Glad to be here/);
    assert.match(minutes, /Consented; review in a year/);
    assert.doesNotMatch(minutes, /hospital/, 'confidential notes are not in the minutes everyone reads');
    const { logbookEntryId } = await run(deps, ann, approveMinutes, { meetingId });
    assert.equal((await getLogbookEntry(t.database.db, logbookEntryId))?.entry.kind, 'minutes');
    const everyone = await listLogbook(t.database.db, { circleId, withConfidential: false, visibleTeamIds: [] });
    assert.ok(everyone.some((e) => e.id === logbookEntryId));
    assert.ok(!everyone.some((e) => e.confidential), 'the confidential part is not in the open logbook');
    const circleOnly = await listLogbook(t.database.db, { circleId, withConfidential: true, visibleTeamIds: [] });
    const secret = circleOnly.find((e) => e.confidential);
    assert.match((await getLogbookEntry(t.database.db, secret?.id as string))?.entry.text ?? '', /hospital/);
    await assert.rejects(run(deps, ann, approveMinutes, { meetingId }), Conflict, 'minutes are approved once');

    // Through the pages: another co-op member reads the approved minutes but not the confidential item.
    const c = new Client(t.app);
    await c.signIn(outsider.email);
    const printable = await c.get(`/meetings/${meetingId}/minutes`);
    assert.equal(printable.statusCode, 200);
    assert.match(printable.body, /Consented; review in a year/);
    assert.doesNotMatch(printable.body, /hospital|Bob&#39;s health|Bob's health/);
    const refused = await c.submit(`/meetings/${meetingId}`, { kind: 'report', title: 'x' }, `/meetings/${meetingId}/items`);
    assert.ok([403, 409].includes(refused.statusCode), `an outsider cannot add to the agenda (got ${refused.statusCode})`);
    await t.app.close();
  });
});
