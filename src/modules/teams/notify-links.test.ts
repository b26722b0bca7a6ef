import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { makePerson, testApp } from '../../../test/support/app.ts';
import { actorOf } from '../../../test/support/circles.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { teamWith } from '../../../test/support/teams.ts';
import { run } from '../../platform/context.ts';
import { outbox } from '../../platform/schema.ts';
import { people } from '../people/schema.ts';
import { inviteToTeam } from './commands/joining.ts';

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
});
