import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { teamWith } from '../../../test/support/teams.ts';
import { run } from '../../platform/context.ts';
import { people } from '../people/schema.ts';
import { decideJoin, inviteToTeam, requestToJoin } from './commands/joining.ts';
import { DAY } from '../../platform/clock.ts';
import { Conflict } from '../../platform/errors.ts';
import { notifications, outbox } from '../../platform/schema.ts';

describeEachDatabase('notification emails', (db) => {
  test('carry absolute links to the configured public address', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, owner } = await teamWith(deps, 0);
    const friend = await makePerson(deps, { name: 'Friend' });
    await t.database.db.update(people).set({ preferredChannel: 'email' }).where(eq(people.id, friend.personId));
    await run(deps, owner, inviteToTeam, { teamId, personId: actorOf(friend).personId, supporterKind: 'friend' });
    const [mail] = await t.database.db.select().from(outbox).where(eq(outbox.toAddress, friend.email));
    assert.ok(mail, 'an email was queued');
    assert.match(mail.body, new RegExp(`^${t.app.config.baseUrl}/teams/${teamId}/joins/[0-9a-f-]{36}$`, 'm'));
    assert.match(t.app.config.baseUrl, /^https?:\/\//);
  });

  test('someone refused asks again only after the cooling-off period, and the owner is not told meanwhile', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const { teamId, owner } = await teamWith(deps, 0);
    const asker = actorOf(await makePerson(deps, { name: 'Asker' }));
    const { joinId } = await run(deps, asker, requestToJoin, { teamId, supporterKind: 'volunteer' });
    await run(deps, owner, decideJoin, { joinId, step: 'refuse' });
    const told = async () => (await t.database.db.select().from(notifications).where(eq(notifications.personId, owner.personId))).length;
    const before = await told();
    for (const days of [0, 29]) {
      t.clock.set(new Date(t.clock.now().getTime() + days * DAY));
      await assert.rejects(run(deps, asker, requestToJoin, { teamId, supporterKind: 'volunteer' }), (e) => e instanceof Conflict && /ask again from/.test(e.message));
    }
    assert.equal(await told(), before, 'the owner was not told again');
    t.clock.set(new Date(t.clock.now().getTime() + 2 * DAY));
    await run(deps, asker, requestToJoin, { teamId, supporterKind: 'volunteer' });
    assert.equal(await told(), before + 1);
  });
});
