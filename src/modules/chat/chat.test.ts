import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makePerson } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { FakeClock, MINUTE } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { assignHat } from '../circles/commands/assign-hat.ts';
import { addMember, leaveCircle } from '../circles/commands/add-member.ts';
import { createCircle } from '../circles/commands/create-circle.ts';
import { circleHats, getCircle } from '../circles/queries.ts';
import { markRead } from './commands/mark-read.ts';
import { postMessage } from './commands/post-message.ts';
import { channelMemberIds, isInChannel } from './policy.ts';
import { ReadMarkWriter } from './read-marks.ts';
import { type Cursor, decodeCursor, latestMessage, listMessages, UNREAD_COUNTED, unreadChatCounts } from './queries.ts';
import { actorOf, circleWith, first, pair, say, system, teamWith } from './test-support.ts';

describeEachDatabase('chat: messages, membership and system messages', (db) => {
  const fresh = () => ({ database: db(), clock: new FakeClock(new Date('2026-04-01T09:00:00Z')) });
  const bodies = async (circleId: string) => (await listMessages(db().db, circleId, { limit: 500 })).messages.map((m) => m.body);

  test('a member posts; the text is trimmed and kept exactly as typed, markup included', async () => {
    const deps = fresh();
    const { circleId, people } = await circleWith(deps, ['full', 'guest']);
    const [ann, guest] = pair(people);
    await say(deps, ann, circleId, '   Morning all <script>alert("x")</script> & thanks  \n');
    await say(deps, guest, circleId, 'Guests may chat too.');
    const { messages } = await listMessages(deps.database.db, circleId);
    const mine = messages.filter((m) => m.kind === 'user');
    assert.deepEqual(mine.map((m) => [m.authorName, m.body]), [
      [ann.name, 'Morning all <script>alert("x")</script> & thanks'],
      [guest.name, 'Guests may chat too.'],
    ]);
  });

  test('an empty or over-long message is refused with a message for the field; 4000 characters is fine', async () => {
    const deps = fresh();
    const { circleId, people } = await circleWith(deps, ['full']);
    const ann = first(people);
    for (const body of ['', '   \n ', 'x'.repeat(4001)]) {
      await assert.rejects(say(deps, ann, circleId, body), (e) => e instanceof Invalid && typeof e.fields.body === 'string');
    }
    await assert.rejects(run(deps, actorOf(ann), postMessage, { circleId, body: 42 }), Invalid);
    await say(deps, ann, circleId, 'y'.repeat(4000));
    assert.equal((await latestMessage(deps.database.db, circleId))?.body.length, 4000);
  });

  test('the channel is exactly the circle: outsiders refused, leavers lose it at once, links count', async () => {
    const deps = fresh();
    const { circleId: parent, people } = await circleWith(deps, ['full'], { name: 'Parent' });
    const { circleId: child } = await run(deps, system, createCircle, { name: 'Child', aim: 'a', domain: 'd', parentId: parent });
    const member = first(people);
    const outsider = await makePerson(deps);
    const leader = await makePerson(deps);
    await assert.rejects(say(deps, outsider, parent, 'Hello?'), NotAllowed);

    // The child's Leader is a member of the parent by their hat, so they are in its chat.
    const leaderHat = (await circleHats(deps.database.db, child, deps.clock.now())).find((h) => h.role === 'leader');
    await run(deps, system, assignHat, { hatId: leaderHat?.id as string, personId: leader.personId });
    await say(deps, leader, parent, 'Hello from the child circle.');

    await say(deps, member, parent, 'Before I go');
    await run(deps, actorOf(member), leaveCircle, { circleId: parent });
    await assert.rejects(say(deps, member, parent, 'After I left'), NotAllowed);
    assert.ok(!(await bodies(parent)).includes('After I left'));
  });

  test("a team's chat: its members, its owner and the advocate; outsiders are told it does not exist", async () => {
    const deps = fresh();
    const { teamId, owner, people, advocate } = await teamWith(deps, 1, { advocate: true });
    await say(deps, owner, teamId, 'Thank you all.');
    await say(deps, advocate as { personId: string; name: string }, teamId, 'Mum says hello.');
    await say(deps, first(people), teamId, 'See you Tuesday.');
    await assert.rejects(say(deps, await makePerson(deps), teamId, 'Let me in'), NotFound);
    await assert.rejects(say(deps, owner, '00000000-0000-4000-8000-000000000000', 'Anywhere?'), NotFound);
  });

  test("opening a channel asks for one person by the channel's own rule: the same answer as the whole member list, for everyone", async () => {
    const deps = fresh();
    const now = () => deps.clock.now();
    const { circleId: parent, people } = await circleWith(deps, ['full', 'guest'], { name: 'Parent' });
    const { circleId: child } = await run(deps, system, createCircle, { name: 'Child', aim: 'a', domain: 'd', parentId: parent });
    const leader = await makePerson(deps);
    const leaderHat = (await circleHats(deps.database.db, child, now())).find((h) => h.role === 'leader');
    await run(deps, system, assignHat, { hatId: leaderHat?.id as string, personId: leader.personId });
    const leaver = first(people);
    await run(deps, actorOf(leaver), leaveCircle, { circleId: parent });
    const { teamId, owner, people: teamPeople, advocate } = await teamWith(deps, 1, { advocate: true });
    const outsider = await makePerson(deps);
    const everyone = [...people, leader, owner, ...teamPeople, advocate as { personId: string }, outsider];
    for (const circleId of [parent, teamId]) {
      const circle = await getCircle(deps.database.db, circleId);
      assert.ok(circle);
      const members = await channelMemberIds(deps.database.db, circle, now());
      for (const p of everyone) assert.equal(await isInChannel(deps.database.db, circle, p.personId, now()), members.has(p.personId), `${p.personId} in ${circle.name}`);
      assert.ok(members.size >= 2);
    }
    assert.equal(await isInChannel(deps.database.db, (await getCircle(deps.database.db, parent))!, leader.personId, now()), true, 'a link counts');
    assert.equal(await isInChannel(deps.database.db, (await getCircle(deps.database.db, parent))!, leaver.personId, now()), false, 'a leaver is out');
    assert.equal(await isInChannel(deps.database.db, (await getCircle(deps.database.db, teamId))!, (advocate as { personId: string }).personId, now()), true, 'the advocate is in');
  });

  test('joining, leaving, a hat and a team event appear as system messages in the same transaction', async () => {
    const deps = fresh();
    const { circleId } = await run(deps, system, createCircle, { name: 'Kirklees', aim: 'a', domain: 'd', parentId: null });
    const [ann, bea] = [await makePerson(deps), await makePerson(deps)];
    // A minute between steps, so the messages' order is the order of events.
    const step = () => deps.clock.advance(MINUTE);
    await run(deps, system, addMember, { circleId, personId: ann.personId });
    step();
    await run(deps, system, addMember, { circleId, personId: bea.personId });
    step();
    const facilitator = (await circleHats(deps.database.db, circleId, deps.clock.now())).find((h) => h.role === 'facilitator');
    await run(deps, system, assignHat, { hatId: facilitator?.id as string, personId: ann.personId });
    step();
    await run(deps, actorOf(bea), leaveCircle, { circleId });
    step();
    await run(deps, system, (ctx) => ctx.emit({ type: 'team.visit-booked', subjectType: 'circle', subjectId: circleId, data: { chatText: '  Sam booked a visit for Tuesday.  ' } }), {});
    // No chatText, not a team event, or a subject that is not a circle: nothing in the chat.
    await run(deps, system, (ctx) => ctx.emit({ type: 'team.profile-saved', subjectType: 'circle', subjectId: circleId, data: {} }), {});
    await run(deps, system, (ctx) => ctx.emit({ type: 'logbook.note', subjectType: 'circle', subjectId: circleId, data: { chatText: 'not shown' } }), {});
    await run(deps, system, (ctx) => ctx.emit({ type: 'team.odd', subjectType: 'circle', subjectId: 'not-a-circle', data: { chatText: 'not shown' } }), {});
    // A command that fails after its event leaves no system message behind.
    await assert.rejects(
      run(deps, system, async (ctx) => {
        await ctx.emit({ type: 'team.visit-booked', subjectType: 'circle', subjectId: circleId, data: { chatText: 'Rolled back' } });
        throw new Error('the booking failed');
      }, {}),
    );
    const { messages } = await listMessages(deps.database.db, circleId);
    assert.deepEqual(
      messages.map((m) => [m.kind, m.authorId, m.body]),
      [
        ['system', null, `${ann.name} joined`],
        ['system', null, `${bea.name} joined`],
        ['system', null, `${ann.name} took the Facilitator hat`],
        ['system', null, `${bea.name} left`],
        ['system', null, 'Sam booked a visit for Tuesday.'],
      ],
    );
  });

  test('unread counts: what others wrote after my read mark, per channel I am in', async () => {
    const deps = fresh();
    const { circleId, people } = await circleWith(deps, ['full', 'full'], { name: 'Halifax' });
    const { teamId, owner } = await teamWith(deps, 0);
    const [ann, bea] = pair(people);
    const counts = async (who: { personId: string }) =>
      Object.fromEntries((await unreadChatCounts(deps.database.db, who.personId, deps.clock.now())).map((c) => [c.name, c.unread]));
    const readAll = async (who: { personId: string; name: string }) => {
      const last = await latestMessage(deps.database.db, circleId);
      await run(deps, actorOf(who), markRead, { circleId, upTo: { at: last?.createdAt as Date, id: last?.id as string } });
    };
    // Both "joined" messages are unread to begin with.
    assert.deepEqual(await counts(ann), { Halifax: 2 });
    await readAll(ann);
    await readAll(bea);
    for (const text of ['one', 'two', 'three']) {
      deps.clock.advance(MINUTE);
      await say(deps, bea, circleId, text);
    }
    assert.deepEqual(await counts(ann), { Halifax: 3 });
    assert.deepEqual(await counts(bea), { Halifax: 0 }, 'my own messages are never unread');
    assert.deepEqual(await counts(owner), { "Olive's Team": 0 });
    await say(deps, owner, teamId, 'hello team');
    await readAll(ann);
    assert.deepEqual(await counts(ann), { Halifax: 0 });

    // Marking an older message read never moves the mark back.
    const first = (await listMessages(deps.database.db, circleId)).messages[0];
    await run(deps, actorOf(ann), markRead, { circleId, upTo: { at: first?.createdAt as Date, id: first?.id as string } });
    assert.deepEqual(await counts(ann), { Halifax: 0 });

    await run(deps, actorOf(ann), leaveCircle, { circleId });
    assert.deepEqual(await counts(ann), {}, 'a channel I left is no longer mine');
  });

  test('read marks from live streams are written together, at most once a second, the latest per reader, never moved back', async () => {
    const deps = fresh();
    const { circleId, people } = await circleWith(deps, ['full', 'full'], { name: 'Halifax' });
    const [ann, bea] = pair(people);
    for (const text of ['one', 'two']) {
      deps.clock.advance(MINUTE);
      await say(deps, bea, circleId, text);
    }
    const [joined, joinedToo, one, two] = (await listMessages(deps.database.db, circleId)).messages;
    const errors: unknown[] = [];
    const writer = new ReadMarkWriter(deps.database, (e) => errors.push(e));
    const seen = (who: { personId: string }, m: typeof one) => writer.add({ circleId, personId: who.personId, upTo: { at: m?.createdAt as Date, id: m?.id as string } });
    const unread = async (who: { personId: string }) => (await unreadChatCounts(deps.database.db, who.personId, deps.clock.now()))[0]?.unread;
    // Two of Ann's pages deliver out of step; both marks go in the same write as Bea's.
    seen(ann, two);
    seen(ann, one);
    seen(bea, joined);
    await writer.flush();
    assert.deepEqual([await unread(ann), await unread(bea)], [0, 1], 'Ann read up to "two"; Bea only the first "joined"');
    seen(ann, joined);
    // The next write waits for a second after the last one (unless flushed, as on closing).
    seen(bea, joinedToo);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(await unread(bea), 1, 'not yet written');
    await writer.flush();
    assert.equal(await unread(bea), 0);
    assert.equal(await unread(ann), 0, 'an older mark never moves hers back');
    assert.deepEqual(errors, []);
  });

  test('unread messages are counted up to 100 a channel, and the latest time is the newest message', async () => {
    const deps = fresh();
    const { circleId, people } = await circleWith(deps, ['full', 'full'], { name: 'Busy' });
    const [ann, bea] = pair(people);
    const status = async () => {
      const [c] = await unreadChatCounts(deps.database.db, ann.personId, deps.clock.now());
      return { unread: c?.unread, capped: c?.unreadCapped, latest: c?.latestAt?.getTime() };
    };
    const before = (await status()).unread ?? 0;
    for (let i = 0; i < UNREAD_COUNTED - before; i++) {
      deps.clock.advance(MINUTE);
      await say(deps, bea, circleId, `message ${i}`);
    }
    assert.deepEqual(await status(), { unread: UNREAD_COUNTED, capped: false, latest: deps.clock.now().getTime() }, 'exactly 100 is counted as 100');
    deps.clock.advance(MINUTE);
    await say(deps, bea, circleId, 'one more');
    assert.deepEqual(await status(), { unread: UNREAD_COUNTED, capped: true, latest: deps.clock.now().getTime() }, '101 shows as 100 or more');
    await say(deps, ann, circleId, 'my own');
    const last = (await latestMessage(deps.database.db, circleId)) as { createdAt: Date; id: string };
    await run(deps, actorOf(ann), markRead, { circleId, upTo: { at: last.createdAt, id: last.id } });
    assert.deepEqual(await status(), { unread: 0, capped: false, latest: last.createdAt.getTime() });
  });

  test('history pages walk back by (time, id) with no gaps or repeats, even with equal times', async () => {
    const deps = fresh();
    const { circleId, people } = await circleWith(deps, ['full']);
    const ann = first(people);
    deps.clock.advance(MINUTE);
    for (let i = 1; i <= 70; i++) {
      // Three messages share each instant.
      await say(deps, ann, circleId, `message ${i}`, { sameInstant: i % 3 !== 0 });
    }
    const seen: string[] = [];
    let before: Cursor | undefined;
    let pages = 0;
    for (;;) {
      const page = await listMessages(deps.database.db, circleId, { before, limit: 30 });
      seen.unshift(...page.messages.map((m) => m.body));
      pages += 1;
      if (!page.older) break;
      before = decodeCursor(page.older);
    }
    assert.equal(pages, 3);
    // Messages written in the same instant are ordered by id: stable, so paging never skips one.
    assert.deepEqual(seen, await bodies(circleId));
    assert.equal(new Set(seen).size, 71);
    assert.equal(seen[0], `${ann.name} joined`);
    assert.throws(() => decodeCursor('yesterday_x'), Invalid);
  });
});
