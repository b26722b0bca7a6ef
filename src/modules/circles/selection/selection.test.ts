import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor } from '../../../platform/authz.ts';
import { FakeClock } from '../../../platform/clock.ts';
import { run } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../../platform/errors.ts';
import { makePerson } from '../../../../test/support/app.ts';
import { actorOf, circleWith } from '../../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { holdMeeting } from '../meetings/fixtures.ts';
import { circleHats, circleMembership, hatsInCircles } from '../queries.ts';
import { getLogbookEntry } from '../logbook-queries.ts';
import { advanceSelection, closeSelectionRound, nominate, openSelection, proposeCandidate, respondToSelection } from './commands/selection.ts';
import { selectionView } from './queries.ts';
import { disputeSelectionResponse } from './commands/dispute.ts';
import { recordInMeeting } from '../meetings/commands.ts';

describeEachDatabase('selections', (db) => {
  test('a Delegate chosen by consent after an objection; nominations hidden until the round; the hat and logbook follow', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const { circleId: parent } = await circleWith(deps, ['full'], { name: 'Purpose' });
    const { circleId, people } = await circleWith(deps, ['full', 'full', 'full', 'guest'], { parentId: parent });
    const [ann, bob, cy, guest] = people.map(actorOf) as [Actor, Actor, Actor, Actor];
    const outsider = actorOf(await makePerson(deps));
    const delegateHat = (await circleHats(deps.database.db, circleId, clock.now())).find((h) => h.role === 'delegate')?.id as string;
    const { selectionId } = await run(deps, ann, openSelection, { hatId: delegateHat });
    await assert.rejects(run(deps, guest, nominate, { selectionId, nomineeId: bob.personId, reason: 'Good listener' }), NotAllowed);
    await assert.rejects(run(deps, outsider, nominate, { selectionId, nomineeId: bob.personId, reason: 'Good listener' }), NotAllowed);
    await run(deps, ann, nominate, { selectionId, nomineeId: bob.personId, reason: 'Bob listens well' });
    await run(deps, cy, nominate, { selectionId, nomineeId: cy.personId, reason: 'I have time this year' });
    assert.equal((await selectionView(deps.database.db, selectionId, bob.personId))?.nominations.length, 0, 'hidden while nominating');
    await run(deps, ann, advanceSelection, { selectionId, step: 'open-nomination-round' });
    assert.equal((await selectionView(deps.database.db, selectionId, bob.personId))?.nominations.length, 2);
    await run(deps, ann, advanceSelection, { selectionId, step: 'open-change-round' });
    await assert.rejects(run(deps, cy, nominate, { selectionId, nomineeId: bob.personId, reason: 'Bob it is' }), Invalid, 'a change needs its reason');
    await run(deps, cy, nominate, { selectionId, nomineeId: bob.personId, reason: 'Bob it is', changeReason: 'Hearing Ann, Bob fits better' });
    await run(deps, ann, proposeCandidate, { selectionId, candidateId: bob.personId, termStart: '2026-02-01' });
    await run(deps, ann, advanceSelection, { selectionId, step: 'start-consent-round' });
    await run(deps, ann, respondToSelection, { selectionId, response: 'consent' });
    await run(deps, bob, respondToSelection, { selectionId, response: 'consent' });
    await run(deps, cy, respondToSelection, { selectionId, response: 'objection', reason: 'Two years is too long for a first term.' });
    await assert.rejects(run(deps, guest, respondToSelection, { selectionId, response: 'consent' }), NotAllowed);
    assert.equal((await run(deps, ann, closeSelectionRound, { selectionId })).state, 'objections');
    await assert.rejects(run(deps, ann, advanceSelection, { selectionId, step: 'open-change-round' }), Conflict);
    // The term starts today: a term that starts later gives no rights until it does.
    await run(deps, ann, proposeCandidate, { selectionId, candidateId: bob.personId, termStart: '2026-01-05' });
    await run(deps, ann, advanceSelection, { selectionId, step: 'start-consent-round' });
    // Nobody answers for another person outside a meeting on the record, admins included.
    await assert.rejects(run(deps, ann, respondToSelection, { selectionId, personId: bob.personId, response: 'consent' }), NotAllowed);
    const admin = { ...actorOf(await makePerson(deps, { admin: true })), isAdmin: true };
    await assert.rejects(run(deps, admin, closeSelectionRound, { selectionId }), NotAllowed);
    const meetingId = await holdMeeting(deps, circleId, ann, [ann, bob, cy]);
    for (const p of [ann, bob, cy]) await run(deps, ann, respondToSelection, { selectionId, personId: p.personId, response: 'consent', meetingId });
    assert.equal((await run(deps, ann, closeSelectionRound, { selectionId })).state, 'appointed');

    const hats = await hatsInCircles(deps.database.db, bob.personId, clock.now());
    assert.ok(hats.some((h) => h.hat === 'Delegate'));
    assert.ok((await circleMembership(deps.database.db, parent, clock.now())).some((m) => m.personId === bob.personId), 'the Delegate joins the parent circle');
    const view = await selectionView(deps.database.db, selectionId, ann.personId);
    const entry = await getLogbookEntry(deps.database.db, view?.selection.logbookEntryId as string);
    assert.equal(entry?.entry.kind, 'selection');
    assert.ok((entry?.entry.history as unknown[]).length >= 5);

    // Bob now cannot also be chosen Leader of the same circle (the parent circle selects the Leader).
    const leaderHat = (await circleHats(deps.database.db, circleId, clock.now())).find((h) => h.role === 'leader')?.id as string;
    const parentFull = actorOf((await circleMembership(deps.database.db, parent, clock.now())).find((m) => m.personId !== bob.personId) as never);
    const { selectionId: leaderSel } = await run(deps, parentFull, openSelection, { hatId: leaderHat });
    await run(deps, parentFull, nominate, { selectionId: leaderSel, nomineeId: bob.personId, reason: 'Knows the circle' });
    for (const step of ['open-nomination-round', 'open-change-round'] as const) await run(deps, parentFull, advanceSelection, { selectionId: leaderSel, step });
    await run(deps, parentFull, proposeCandidate, { selectionId: leaderSel, candidateId: bob.personId, termStart: '2026-03-01' });
    await run(deps, parentFull, advanceSelection, { selectionId: leaderSel, step: 'start-consent-round' });
    const parentMeeting = await holdMeeting(deps, parent, parentFull, [parentFull, bob]);
    for (const m of (await circleMembership(deps.database.db, parent, clock.now())).filter((x) => x.participation === 'full')) {
      await run(deps, parentFull, respondToSelection, { selectionId: leaderSel, personId: m.personId, response: 'consent', meetingId: parentMeeting });
    }
    await assert.rejects(run(deps, parentFull, closeSelectionRound, { selectionId: leaderSel }), Invalid, 'Leader and Delegate must differ');
  });
  test('a candidate must be in the circle and the term must still run; an answer recorded for someone can be disputed, undoing the appointment', async () => {
    const deps = { database: db(), clock: new FakeClock() };
    const { circleId: parent } = await circleWith(deps, ['full'], { name: 'Purpose' });
    const { circleId, people } = await circleWith(deps, ['full', 'full', 'full'], { parentId: parent });
    const [ann, bob, cy] = people.map(actorOf) as [Actor, Actor, Actor];
    const outsider = await makePerson(deps);
    const hatId = (await circleHats(deps.database.db, circleId, deps.clock.now())).find((h) => h.role === 'delegate')?.id as string;
    const { selectionId } = await run(deps, ann, openSelection, { hatId });
    await run(deps, ann, nominate, { selectionId, nomineeId: bob.personId, reason: 'Bob listens well' });
    for (const step of ['open-nomination-round', 'open-change-round'] as const) await run(deps, ann, advanceSelection, { selectionId, step });
    await assert.rejects(run(deps, ann, proposeCandidate, { selectionId, candidateId: outsider.personId, termStart: '2026-03-01' }), Invalid);
    await assert.rejects(run(deps, ann, proposeCandidate, { selectionId, candidateId: '11111111-1111-4111-8111-111111111111', termStart: '2026-03-01' }), Invalid);
    await assert.rejects(run(deps, ann, proposeCandidate, { selectionId, candidateId: bob.personId, termStart: '1990-01-01' }), Invalid);
    await run(deps, ann, proposeCandidate, { selectionId, candidateId: bob.personId, termStart: '2026-03-01' });
    await run(deps, ann, advanceSelection, { selectionId, step: 'start-consent-round' });
    const meetingId = await holdMeeting(deps, circleId, ann, [ann, cy]);
    await run(deps, ann, recordInMeeting, { meetingId, personId: bob.personId, role: 'member' });
    for (const p of [ann, bob, cy]) await run(deps, ann, respondToSelection, { selectionId, personId: p.personId, response: 'consent', meetingId });
    assert.equal((await run(deps, ann, closeSelectionRound, { selectionId })).state, 'appointed');
    assert.equal((await run(deps, bob, disputeSelectionResponse, { selectionId })).state, 'consent_round');
    const hats = await hatsInCircles(deps.database.db, bob.personId, deps.clock.now());
    assert.ok(!hats.some((h) => h.hat === 'Delegate'), 'the appointment made on a disputed answer is undone');
  });
});
