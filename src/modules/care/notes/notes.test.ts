import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { Client, testApp } from '../../../../test/support/app.ts';
import { describeEachDatabase } from '../../../../test/support/db.ts';
import { createApiToken } from '../../people/commands/api-tokens.ts';
import type { Actor } from '../../../platform/authz.ts';
import { run } from '../../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { accessLog } from '../../../platform/schema.ts';
import { careTeam } from '../records/test-support.ts';
import { careNoteVersions } from '../schema.ts';
import { amendNote, setNoteReadership, writeNote } from './commands.ts';
import { listNotes, readNote } from './read.ts';

describeEachDatabase('care notes', (db) => {
  test('a chosen readership is enforced in commands and the API: 404 to a team member not chosen and to an admin', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const SECRET = 'Rose felt low today and asked that only Sam knows.';
    const { noteId } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: SECRET, readership: 'chosen', chosen: [c.marHolder.personId] });
    const { noteId: open } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: 'Garden centre trip on Friday.' });

    for (const reader of [c.paid, c.marHolder, c.owner, c.advocate]) assert.equal((await run(deps, reader, readNote, { noteId })).versions[0]?.text, SECRET);
    for (const outsider of [c.volunteer, c.friend, c.admin, c.stranger, c.coach]) {
      await assert.rejects(run(deps, outsider, readNote, { noteId }), NotFound, `${outsider.name} must not read the chosen note`);
      await assert.rejects(run(deps, outsider, amendNote, { noteId, text: 'x', reason: 'y' }), NotFound);
    }
    await assert.rejects(run(deps, c.admin, readNote, { noteId: open }), NotFound, 'an admin is an outsider to a team note');
    await assert.rejects(run(deps, c.stranger, writeNote, { teamId: c.teamId, text: 'Hello' }), NotFound, 'only the team writes');
    await assert.rejects(run(deps, c.volunteer, setNoteReadership, { noteId: open, readership: 'chosen' }), NotAllowed, 'only the author or the owner side changes readership');
    await assert.rejects(run(deps, c.paid, writeNote, { teamId: c.teamId, text: 'x', readership: 'chosen', chosen: [c.stranger.personId] }), (e: unknown) => e instanceof Invalid && 'chosen' in e.fields);
    const { noteId: forJune } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: 'For the advocate.', readership: 'chosen', chosen: [c.advocate.personId] });
    assert.equal((await run(deps, c.advocate, readNote, { noteId: forJune })).versions[0]?.text, 'For the advocate.', 'the advocate may be chosen as a reader');
    await assert.rejects(run(deps, c.paid, writeNote, { teamId: c.teamId, text: 'x'.repeat(5001) }), (e: unknown) => e instanceof Invalid && 'text' in e.fields);

    const volunteerList = await listNotes(t.database.db, { actor: c.volunteer, now: t.clock.now() }, { teamId: c.teamId });
    assert.deepEqual(volunteerList.notes.map((n) => n.id), [open], 'the notebook lists only what the reader may open');
    assert.equal((await listNotes(t.database.db, { actor: c.owner, now: t.clock.now() }, { teamId: c.teamId })).notes.length, 3);

    // The same through the API, with each person's token.
    const token = async (who: Actor) => (await run(deps, who, createApiToken, { label: 'notes' })).token;
    const get = async (who: Actor, url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await token(who)}` } });
    assert.equal((await get(c.volunteer, `/api/v1/notes/${noteId}`)).statusCode, 404);
    assert.equal((await get(c.admin, `/api/v1/notes/${noteId}`)).statusCode, 404);
    assert.equal((await get(c.admin, `/api/v1/teams/${c.teamId}/notes`)).statusCode, 404);
    const seen = await get(c.marHolder, `/api/v1/notes/${noteId}`);
    assert.equal(seen.statusCode, 200);
    assert.equal(seen.json().versions[0].text, SECRET);
    const listed = await get(c.volunteer, `/api/v1/teams/${c.teamId}/notes`);
    assert.ok(!listed.body.includes(noteId) && !listed.body.includes('felt low'), 'the API list leaves the chosen note out');

    // Through the pages too.
    const page = new Client(t.app);
    await page.signIn((await t.database.query<{ email: string }>('SELECT email FROM people WHERE id = $1', [c.volunteer.personId]))[0]?.email as string);
    assert.equal((await page.get(`/notes/${noteId}`)).statusCode, 404);
    const book = await page.get(`/teams/${c.teamId}/notes`);
    assert.equal(book.statusCode, 200);
    assert.ok(book.body.includes('Garden centre trip') && !book.body.includes('felt low'));

    // Opening the readership to the team lets the volunteer in.
    await run(deps, c.owner, setNoteReadership, { noteId, readership: 'team' });
    assert.equal((await page.get(`/notes/${noteId}`)).statusCode, 200);
    await t.app.close();
  });

  test('an amendment is a new version with its reason; the old stays visible and cannot be changed', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const { noteId } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: 'Visit ended at 11:00.' });
    await assert.rejects(run(deps, c.volunteer, amendNote, { noteId, text: 'Visit ended at 11:30.', reason: 'x' }), NotAllowed, 'only the author or the owner side amends');
    await assert.rejects(run(deps, c.paid, amendNote, { noteId, text: 'Visit ended at 11:30.' }), (e: unknown) => e instanceof Invalid && 'reason' in e.fields);
    t.clock.advance(3_600_000);
    assert.deepEqual(await run(deps, c.paid, amendNote, { noteId, text: 'Visit ended at 11:30.', reason: 'corrected the time' }), { version: 2 });
    const view = await run(deps, c.owner, readNote, { noteId });
    assert.deepEqual(view.versions.map((v) => [v.version, v.text, v.reason]), [[2, 'Visit ended at 11:30.', 'corrected the time'], [1, 'Visit ended at 11:00.', '']]);
    await assert.rejects(t.database.db.update(careNoteVersions).set({ text: 'rewritten' }).where(eq(careNoteVersions.noteId, noteId)), 'the database refuses to edit a version');

    const client = new Client(t.app);
    await client.signIn((await t.database.query<{ email: string }>('SELECT email FROM people WHERE id = $1', [c.owner.personId]))[0]?.email as string);
    const html = (await client.get(`/notes/${noteId}`)).body;
    assert.match(html, /Earlier versions/);
    assert.match(html, /Amended .* by Paid Worker: corrected the time/);
    assert.ok(html.includes('Visit ended at 11:00.'), 'the old words are still shown');

    // The amend form starts from the note as it reads now, a logged read, for who may change it
    // only: anyone else is refused before anything is logged (the note and its team read once).
    const emailOf = async (a: Actor) => (await t.database.query<{ email: string }>('SELECT email FROM people WHERE id = $1', [a.personId]))[0]?.email as string;
    const reads = async (a: Actor) => (await t.database.db.select().from(accessLog).where(and(eq(accessLog.recordId, noteId), eq(accessLog.actorId, a.personId)))).length;
    const volunteer = new Client(t.app);
    await volunteer.signIn(await emailOf(c.volunteer));
    assert.equal((await volunteer.get(`/notes/${noteId}/amend`)).statusCode, 403, 'a team member who did not write it may not amend it');
    assert.equal((await volunteer.get(`/notes/${noteId}/readership`)).statusCode, 403);
    assert.equal(await reads(c.volunteer), 0, 'the refused form read nothing');
    const author = new Client(t.app);
    await author.signIn(await emailOf(c.paid));
    const form = await author.get(`/notes/${noteId}/amend`);
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes('Visit ended at 11:30.'), 'the form holds the latest words');
    assert.equal(await reads(c.paid), 1, 'the form is one logged read');
    assert.equal((await author.get(`/notes/${noteId}/readership`)).statusCode, 200);
    assert.equal(await reads(c.paid), 1, 'who reads a note is not its content: not a logged read');
    await t.app.close();
  });

  test('every read is logged with its reason and never the content; list views are not reads', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const { noteId } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: 'Blood sugar 7.2 before lunch.' });
    const logged = () => t.database.db.select().from(accessLog).where(and(eq(accessLog.recordType, 'care_note'), eq(accessLog.recordId, noteId)));
    await listNotes(t.database.db, { actor: c.volunteer, now: t.clock.now() }, { teamId: c.teamId });
    assert.equal((await logged()).length, 0);
    await run(deps, c.volunteer, readNote, { noteId });
    await run(deps, c.owner, readNote, { noteId });
    await run(deps, c.advocate, readNote, { noteId });
    await assert.rejects(run(deps, c.stranger, readNote, { noteId }), NotFound);
    const rows = await logged();
    assert.deepEqual(rows.map((r) => [r.actorId, r.reason, r.ownerId]), [
      [c.volunteer.personId, 'team member', c.owner.personId],
      [c.owner.personId, 'team owner', c.owner.personId],
      [c.advocate.personId, "team owner's advocate", c.owner.personId],
    ]);
    const everything = JSON.stringify(await t.database.query('SELECT * FROM access_log'));
    assert.ok(!everything.includes('Blood sugar'), 'no content in the log');
    await t.app.close();
  });
});
