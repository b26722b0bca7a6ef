import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf, system } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { teamWith } from '../../../test/support/teams.ts';
import { run } from '../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { accessLog } from '../../platform/schema.ts';
import { assignHat } from '../circles/commands/assign-hat.ts';
import { circleHats, circleMembership } from '../circles/queries.ts';
import { decideJoin, inviteToTeam, requestToJoin } from './commands/joining.ts';
import { acceptPromise, giveNotice, leaveTeam, nameTeamHats, promiseAccepted, removeFromTeam, stepBack } from './commands/team.ts';
import { readProfile, saveProfile } from './profile.ts';
import { teams } from './schema.ts';

describeEachDatabase('teams', (db) => {
  test('invite then accept, trial, joined; only the invited person accepts; nobody approves their own request', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, owner, members } = await teamWith(deps, 1);
    const [member] = members as [typeof owner];
    const friend = actorOf(await makePerson(deps, { name: 'Friend' }));
    const stranger = actorOf(await makePerson(deps, { name: 'Stranger' }));

    await assert.rejects(run(deps, member, inviteToTeam, { teamId, personId: friend.personId, supporterKind: 'friend' }), NotAllowed, 'an ordinary member does not invite');
    await assert.rejects(run(deps, owner, inviteToTeam, { teamId, personId: friend.personId, supporterKind: 'cousin' }), (e: unknown) => e instanceof Invalid && 'supporterKind' in e.fields);
    const { joinId } = await run(deps, owner, inviteToTeam, { teamId, personId: friend.personId, supporterKind: 'friend', message: 'Would you join us?' });
    await assert.rejects(run(deps, owner, inviteToTeam, { teamId, personId: friend.personId, supporterKind: 'friend' }), (e: unknown) => e instanceof Invalid && /open invitation/.test(e.fields.personId ?? ''));
    await assert.rejects(run(deps, stranger, decideJoin, { joinId, step: 'accept' }), NotFound, 'someone else cannot even see the invitation');
    await assert.rejects(run(deps, owner, decideJoin, { joinId, step: 'accept' }), NotAllowed, 'the owner cannot accept on their behalf');
    await assert.rejects(run(deps, friend, decideJoin, { joinId, step: 'join' }), NotAllowed, 'the invited person cannot debrief themselves in');
    assert.deepEqual(await run(deps, friend, decideJoin, { joinId, step: 'accept' }), { state: 'trial' });
    await assert.rejects(run(deps, friend, decideJoin, { joinId, step: 'accept' }), Conflict, 'a trial cannot be accepted again');
    await run(deps, owner, decideJoin, { joinId, step: 'join', debrief: 'Lovely first visits.' });
    const now = t.clock.now();
    assert.ok((await circleMembership(t.database.db, teamId, now)).some((m) => m.personId === friend.personId), 'joined means a member of the team circle');

    const asker = actorOf(await makePerson(deps, { name: 'Asker' }));
    const { joinId: requestId } = await run(deps, asker, requestToJoin, { teamId, supporterKind: 'paid' });
    await assert.rejects(run(deps, asker, decideJoin, { joinId: requestId, step: 'approve' }), NotAllowed, 'nobody approves their own request');
    await assert.rejects(run(deps, member, decideJoin, { joinId: requestId, step: 'approve' }), NotFound, 'an ordinary member does not decide');
    await assert.rejects(run(deps, owner, decideJoin, { joinId: requestId, step: 'approve', trialSessions: '5' }), (e: unknown) => e instanceof Invalid && 'trialSessions' in e.fields);
    await run(deps, owner, decideJoin, { joinId: requestId, step: 'approve', trialSessions: '3' });
    assert.deepEqual(await run(deps, asker, decideJoin, { joinId: requestId, step: 'not-continue' }), { state: 'not_continued' }, 'either side ends a trial without a reason');
    assert.ok(!(await circleMembership(t.database.db, teamId, now)).some((m) => m.personId === asker.personId));
  });

  test('volunteers are never given a medication or personal-care hat in a team', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, owner } = await teamWith(deps, 0);
    const volunteer = actorOf(await makePerson(deps, { name: 'Vol' }));
    const paid = actorOf(await makePerson(deps, { name: 'Paid' }));
    for (const [who, supporterKind] of [[volunteer, 'volunteer'], [paid, 'paid']] as const) {
      const { joinId } = await run(deps, owner, inviteToTeam, { teamId, personId: who.personId, supporterKind });
      await run(deps, who, decideJoin, { joinId, step: 'accept' });
      await run(deps, owner, decideJoin, { joinId, step: 'join' });
    }
    await run(deps, owner, nameTeamHats, { teamId, hats: ['MAR Holder', 'Rota Holder'] });
    const hats = await circleHats(t.database.db, teamId, t.clock.now());
    const mar = hats.find((h) => h.name === 'MAR Holder') as { id: string };
    const rota = hats.find((h) => h.name === 'Rota Holder') as { id: string };
    await assert.rejects(run(deps, system, assignHat, { hatId: mar.id, personId: volunteer.personId }), (e: unknown) => e instanceof Invalid && /Volunteers/.test(e.fields.personId ?? ''));
    await run(deps, system, assignHat, { hatId: mar.id, personId: paid.personId });
    await run(deps, system, assignHat, { hatId: rota.id, personId: volunteer.personId });
  });

  test('the owner decides who reads each profile section; removal ends access at once; every Essentials read is logged', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, owner, members } = await teamWith(deps, 2);
    const [ann, bob] = members as [typeof owner, typeof owner];
    await assert.rejects(run(deps, ann, saveProfile, { teamId, 'about.text': 'x', 'about.visibility': 'team' }), NotAllowed);
    await assert.rejects(
      run(deps, owner, saveProfile, { teamId, 'about.visibility': 'everyone', 'safe.visibility': 'chosen' }),
      (e: unknown) => e instanceof Invalid && 'about.visibility' in e.fields && 'safe.chosen' in e.fields,
    );
    await run(deps, owner, saveProfile, {
      teamId,
      'about.text': 'I love gardening.', 'about.visibility': 'team',
      'health.text': 'Insulin at 8am.', 'health.visibility': 'chosen', 'health.chosen': ann.personId,
      'triggers.text': 'Loud radios.', 'triggers.visibility': 'me',
      'essentials.text': 'DNR in the blue folder; MAR chart in the kitchen.', 'essentials.visibility': 'chosen', 'essentials.chosen': [ann.personId],
    });
    const keys = async (who: typeof owner) => (await run(deps, who, readProfile, { teamId, purpose: 'test' })).sections.filter((s) => s.section.text).map((s) => s.key);
    assert.deepEqual(await keys(owner), ['about', 'health', 'triggers', 'essentials']);
    assert.deepEqual(await keys(ann), ['about', 'health', 'essentials']);
    assert.deepEqual(await keys(bob), ['about']);
    const logged = () => t.database.db.select().from(accessLog).where(and(eq(accessLog.recordType, 'profile.essentials'), eq(accessLog.recordId, teamId)));
    assert.deepEqual((await logged()).map((r) => r.actorId), [owner.personId, ann.personId], 'each read of Essentials, and only those, is logged');
    await run(deps, owner, removeFromTeam, { teamId, personId: ann.personId });
    await assert.rejects(run(deps, ann, readProfile, { teamId, purpose: 'test' }), NotFound, 'removed: no access at once');
    assert.equal((await logged()).length, 2);
    const stranger = actorOf(await makePerson(deps));
    await assert.rejects(run(deps, stranger, readProfile, { teamId, purpose: 'test' }), NotFound);
  });

  test('the Promise is accepted by the owner side only, once per version', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, owner, members } = await teamWith(deps, 1);
    await assert.rejects(run(deps, members[0] ?? owner, acceptPromise, { teamId, agree: 'on' }), NotAllowed);
    await assert.rejects(run(deps, owner, acceptPromise, { teamId }), (e: unknown) => e instanceof Invalid && 'agree' in e.fields);
    assert.equal(await promiseAccepted(t.database.db, teamId), null);
    await run(deps, owner, acceptPromise, { teamId, agree: 'on' });
    assert.equal((await promiseAccepted(t.database.db, teamId))?.acceptedBy, owner.personId);
    await assert.rejects(run(deps, owner, acceptPromise, { teamId, agree: 'on' }), Conflict);
  });

  test('stepping back waits for the essential hats; leaving well hands hats over first', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, owner, members } = await teamWith(deps, 2);
    const [starter, sam] = members as [typeof owner, typeof owner];
    await assert.rejects(run(deps, starter, stepBack, { teamId, goodbye: 'Bye!' }), Conflict);
    await run(deps, owner, nameTeamHats, { teamId, hats: ['Rota Holder', 'Profile Holder', 'Check-in Facilitator'], ownHat: 'Garden Keeper', ownPurpose: 'Keeps the garden lovely.' });
    await assert.rejects(run(deps, owner, nameTeamHats, { teamId, hats: ['Wizard'] }), (e: unknown) => e instanceof Invalid && 'hats' in e.fields);
    const hats = await circleHats(t.database.db, teamId, t.clock.now());
    assert.ok(hats.some((h) => h.name === 'Garden Keeper'));
    for (const name of ['Rota Holder', 'Profile Holder', 'Check-in Facilitator']) {
      await run(deps, system, assignHat, { hatId: (hats.find((h) => h.name === name) as { id: string }).id, personId: name === 'Profile Holder' ? owner.personId : sam.personId });
    }
    await assert.rejects(run(deps, owner, stepBack, { teamId, goodbye: 'x' }), NotAllowed, 'the owner does not step back from their own team');
    await assert.rejects(run(deps, starter, stepBack, { teamId, goodbye: '' }), Invalid);
    await run(deps, starter, stepBack, { teamId, goodbye: 'It has been a joy.' });
    const [row] = await t.database.db.select().from(teams).where(eq(teams.circleId, teamId));
    assert.ok(row?.selfManagingAt, 'the team is self-managing');
    assert.ok(!(await circleMembership(t.database.db, teamId, t.clock.now())).some((m) => m.personId === starter.personId), 'the Team Starter has left');

    await run(deps, sam, giveNotice, { teamId, leavingOn: '2099-01-31', handover: 'Rota to Owner.' });
    await assert.rejects(run(deps, sam, giveNotice, { teamId, leavingOn: '2099-01-31', handover: 'again' }), Conflict);
    await assert.rejects(run(deps, sam, leaveTeam, { teamId, farewell: 'Bye' }), Conflict, 'hats first');
  });
});
