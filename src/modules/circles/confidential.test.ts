import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import { DAY } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { Client, makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf, circleWith, system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { createApiToken } from '../people/commands/api-tokens.ts';
import { assignHat } from './commands/assign-hat.ts';
import { recordLogbookEntry } from './commands/record-logbook-entry.ts';
import { approveMinutes } from './meetings/commands.ts';
import { agendaItems, meetings } from './meetings/schema.ts';
import { circleHats } from './queries.ts';
import { circleMembers, logbookEntries } from './schema.ts';

const SECRET = 'Sam is in hospital until Friday';

describeEachDatabase('confidential items', (db) => {
  test('one rule on every path: full and learning participants (direct or by link) read them; a guest, an outsider, someone who left do not', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId, people } = await circleWith(deps, ['full', 'learning', 'guest', 'full'], { name: 'Calder' });
    type P = { personId: string; email: string; name: string };
    const [full, learning, guest, leaver] = people as [P, P, P, P];
    // A Delegate of a circle under it is a full member of this one by the link.
    const { circleId: child, people: childPeople } = await circleWith(deps, ['full'], { parentId: circleId, name: 'Hebden' });
    const delegate = childPeople[0] as { personId: string; email: string };
    const hats = await circleHats(t.database.db, child, t.clock.now());
    await run(deps, system, assignHat, { hatId: hats.find((h) => h.role === 'delegate')?.id as string, personId: delegate.personId });
    const outsider = await makePerson(deps);
    const admin = await makePerson(deps, { admin: true });
    t.clock.advance(DAY);
    await t.database.db.update(circleMembers).set({ leftAt: t.clock.now() }).where(eq(circleMembers.personId, leaver.personId));

    const { entryId } = await run(deps, system, (ctx) => recordLogbookEntry(ctx, { circleId, kind: 'minutes', title: 'Minutes of Monday (confidential items)', text: SECRET, authorId: null, reviewDate: null, confidential: true }), {});
    const meetingId = randomUUID();
    await t.database.db.insert(meetings).values({ id: meetingId, circleId, startsAt: t.clock.now(), place: 'Library', scheduledBy: full.personId, createdAt: t.clock.now(), minutes: 'Rota swaps agreed.\nSam: leave (confidential)' });
    await t.database.db.insert(agendaItems).values({ id: randomUUID(), meetingId, kind: 'report', title: 'Sam health', confidential: true, notes: SECRET, createdAt: t.clock.now() });

    const readers = { full, learning, delegate };
    const others = { guest, outsider, leaver, admin };
    for (const [who, person] of Object.entries({ ...readers, ...others })) {
      const may = who in readers;
      const c = new Client(t.app);
      await c.signIn(person.email);
      const actor: Actor = { personId: person.personId, name: who, isAdmin: who === 'admin', via: 'session' };
      const { token } = await run(t, actor, createApiToken, { label: 'confidential test' });
      const api = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

      const page = await c.get(`/logbook/${entryId}`);
      assert.equal(page.statusCode, may ? 200 : 404, `${who}: the entry's page`);
      assert.equal((await api(`/api/v1/logbook/${entryId}`)).statusCode, may ? 200 : 404, `${who}: the entry through the API`);
      const listed = (await api(`/api/v1/logbook?circle=${circleId}`)).json() as { entries: { id: string }[] };
      assert.equal(listed.entries.some((e) => e.id === entryId), may, `${who}: the circle's logbook list`);
      const searched = (await api('/api/v1/logbook?q=hospital')).json() as { entries: { id: string }[] };
      assert.equal(searched.entries.some((e) => e.id === entryId), may, `${who}: the search across logbooks`);
      const listPage = await c.get(`/logbook?circle=${circleId}`);
      assert.equal(listPage.body.includes('Minutes of Monday (confidential items)'), may, `${who}: the logbook page`);

      const meetingPage = await c.get(`/meetings/${meetingId}`);
      assert.equal(meetingPage.statusCode, 200, `${who}: the meeting page`);
      assert.equal(meetingPage.body.includes('Sam health'), may, `${who}: the confidential item on the meeting page`);
      const meetingApi = await api(`/api/v1/meetings/${meetingId}`);
      assert.equal(meetingApi.statusCode, 200);
      assert.equal(meetingApi.body.includes(SECRET) || meetingApi.body.includes('Sam health'), may, `${who}: the confidential item through the meeting API`);
      assert.equal(meetingApi.body.includes('(confidential)'), may, `${who}: the draft minutes' confidential line`);
    }
    await t.app.close();
  });

  test("approved minutes keep the Secretary's edits when an item is confidential", async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { circleId, people } = await circleWith(deps, ['full', 'full']);
    const ann = actorOf(people[0] as never);
    const meetingId = randomUUID();
    const edited = 'Present: Ann, Bob.\n1. Rota swaps (proposal)\n   Consented, with the Secretary adding: swaps go in the shared calendar.\nSam: leave (confidential)';
    await t.database.db.insert(meetings).values({ id: meetingId, circleId, startsAt: t.clock.now(), place: 'Library', scheduledBy: ann.personId, createdAt: t.clock.now(), state: 'minutes_drafted', minutes: edited });
    await t.database.db.insert(agendaItems).values({ id: randomUUID(), meetingId, kind: 'report', title: 'Sam health', confidential: true, notes: SECRET, createdAt: t.clock.now() });
    const { logbookEntryId } = await run(deps, ann, approveMinutes, { meetingId });
    const [open] = await t.database.db.select().from(logbookEntries).where(eq(logbookEntries.id, logbookEntryId));
    assert.match(open?.text ?? '', /swaps go in the shared calendar/, "the Secretary's edit is kept");
    assert.doesNotMatch(open?.text ?? '', /confidential|hospital/);
    const secret = (await t.database.db.select().from(logbookEntries).where(eq(logbookEntries.circleId, circleId))).find((e) => e.confidential);
    assert.match(secret?.text ?? '', /hospital/, 'the confidential items go in their own entry');
    await t.app.close();
  });
});
