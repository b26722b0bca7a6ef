import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import { DAY, FakeClock, HOUR } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../platform/errors.ts';
import { runOneJob } from '../../platform/jobs.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { circleWith } from '../../../test/support/circles.ts';
import { holdMeeting } from '../circles/meetings/fixtures.ts';
import { logbookEntries } from '../circles/schema.ts';
import { amendProposal } from './commands/amend-proposal.ts';
import { advanceProposal } from './commands/advance-proposal.ts';
import { closeRound } from './commands/close-round.ts';
import { addReaction, answerQuestion, askQuestion } from './commands/discussion.ts';
import { draftProposal } from './commands/draft-proposal.ts';
import { recordResponse, withdrawObjection } from './commands/record-response.ts';
import { startConsentRound } from './commands/start-consent-round.ts';
import { proposalDetail } from './queries.ts';
import { consentResponses, proposalQuestions, proposalReactions, proposals, proposalVersions } from './schema.ts';
import './jobs.ts';

const as = (p: { personId: string; name: string }): Actor => ({ personId: p.personId, name: p.name, isAdmin: false, via: 'session' });
const text = { title: 'Weekly check-ins', driver: 'We lose track of how the team is doing.', text: 'Hold a 20-minute check-in every Monday.', reviewDate: '2027-03-01' };

describeEachDatabase('proposals and consent', (db) => {
  test('in a meeting: an objection resolved by amendment ends in a logbook entry with its history', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const { circleId, people } = await circleWith(deps, ['full', 'full', 'full', 'guest']);
    const [author, ann, bob, guest] = people.map(as) as [Actor, Actor, Actor, Actor];
    const { proposalId } = await run(deps, author, draftProposal, { ...text, circleId });
    const step = (s: 'present' | 'start-clarifying' | 'start-reactions') => run(deps, author, advanceProposal, { proposalId, step: s });
    await step('present');
    await step('start-clarifying');
    const { questionId } = await run(deps, guest, askQuestion, { proposalId, question: 'Is it online or in person?' });
    await run(deps, author, askQuestion, { proposalId, question: 'Left open on purpose' });
    await run(deps, author, answerQuestion, { proposalId, questionId, answer: 'In person, with a dial-in.' });
    await step('start-reactions');
    await run(deps, bob, addReaction, { proposalId, text: 'Mondays are hard for me.' });
    const meetingId = await holdMeeting(deps, circleId, author, [author, ann, bob]);
    await run(deps, author, startConsentRound, { proposalId, mode: 'meeting', meetingId });
    // The meeting's facilitator (here the author) records the answers of the people present.
    await run(deps, author, recordResponse, { proposalId, personId: author.personId, response: 'consent' });
    await run(deps, author, recordResponse, { proposalId, personId: ann.personId, response: 'consent', concern: 'Keep it short.' });
    await run(deps, author, recordResponse, { proposalId, personId: bob.personId, response: 'objection', reason: 'Monday clashes with my shifts, so I could never attend.' });
    // A guest has no consent rights and was not recorded present as a member: refused either way.
    await assert.rejects(run(deps, author, recordResponse, { proposalId, personId: guest.personId, response: 'consent' }), (e) => e instanceof NotAllowed || e instanceof Invalid);
    assert.equal((await run(deps, author, closeRound, { proposalId })).state, 'objections');

    await run(deps, author, amendProposal, { ...text, text: 'Hold a 20-minute check-in every Tuesday.', proposalId, reason: "Resolves Bob's objection" });
    await run(deps, author, startConsentRound, { proposalId, mode: 'meeting', meetingId });
    for (const p of [author, ann, bob]) await run(deps, author, recordResponse, { proposalId, personId: p.personId, response: 'consent' });
    const closed = await run(deps, author, closeRound, { proposalId });
    assert.equal(closed.state, 'adopted');

    const [entry] = await deps.database.db.select().from(logbookEntries).where(eq(logbookEntries.id, closed.logbookEntryId as string));
    assert.equal(entry?.text, 'Hold a 20-minute check-in every Tuesday.');
    assert.equal(entry?.reviewDate, '2027-03-01');
    const history = entry?.history as { type: string; response?: string; round?: number }[];
    assert.equal(history.filter((h) => h.type === 'version').length, 2);
    assert.ok(history.some((h) => h.type === 'response' && h.response === 'objection' && h.round === 1));
    assert.ok(history.some((h) => h.type === 'question'));

    // The proposal page reads all of it in one statement, as JSON: the same rows, with the same
    // values (dates, numbers, nulls), as reading each list on its own, and the names it shows.
    const detail = await proposalDetail(deps.database.db, proposalId);
    assert.ok(detail);
    const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    const plain = deps.database.db;
    assert.deepEqual(byId(detail.versions.map((x) => x.v)), byId(await plain.select().from(proposalVersions).where(eq(proposalVersions.proposalId, proposalId))));
    assert.deepEqual(byId(detail.questions.map((x) => x.q)), byId(await plain.select().from(proposalQuestions).where(eq(proposalQuestions.proposalId, proposalId))));
    assert.deepEqual(byId(detail.reactions.map((x) => x.r)), byId(await plain.select().from(proposalReactions).where(eq(proposalReactions.proposalId, proposalId))));
    assert.deepEqual(byId(detail.responses.map((x) => x.r)), byId(await plain.select().from(consentResponses).where(eq(consentResponses.proposalId, proposalId))));
    assert.deepEqual(detail.versions.map((x) => x.v.version), [2, 1], 'newest version first');
    assert.equal(detail.current?.text, 'Hold a 20-minute check-in every Tuesday.');
    assert.ok(detail.questions.some((x) => x.q.answeredAt instanceof Date && x.q.answer === 'In person, with a dial-in.' && x.by === guest.name));
    assert.ok(detail.questions.some((x) => x.q.answeredAt === null && x.q.answer === null));
    assert.deepEqual(detail.reactions.map((x) => [x.by, x.r.text]), [[bob.name, 'Mondays are hard for me.']]);
    assert.deepEqual(detail.responses.map((x) => x.r.round), [2, 2, 2, 1, 1, 1], 'the latest round first');
    assert.ok(detail.responses.every((x) => x.recordedByName === author.name));
    assert.deepEqual(detail.responses.filter((x) => x.r.round === 2).map((x) => x.by), [author.name, ann.name, bob.name].sort());
    assert.equal(detail.authorName, author.name);
    assert.equal(await proposalDetail(deps.database.db, '00000000-0000-4000-8000-000000000000'), null);
  });

  test('online: silence at the deadline blocks unless the circle allows it; reminders and closing run as jobs', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const { circleId, people } = await circleWith(deps, ['full', 'full']);
    const [author, other] = people.map(as) as [Actor, Actor];
    const { proposalId } = await run(deps, author, draftProposal, { ...text, circleId });
    for (const s of ['present', 'start-clarifying', 'start-reactions'] as const) await run(deps, author, advanceProposal, { proposalId, step: s });
    await assert.rejects(run(deps, author, startConsentRound, { proposalId, mode: 'online' }), Invalid);
    const deadline = new Date(clock.now().getTime() + 3 * DAY).toISOString();
    await run(deps, author, startConsentRound, { proposalId, mode: 'online', deadline });
    await run(deps, author, recordResponse, { proposalId, response: 'consent' });
    // Online, nobody answers for someone else.
    await assert.rejects(run(deps, author, recordResponse, { proposalId, personId: other.personId, response: 'consent' }), NotAllowed);
    await assert.rejects(run(deps, author, closeRound, { proposalId }), Conflict);

    clock.advance(3 * DAY + HOUR);
    while (await runOneJob(deps.database, clock)) {
      // run every due job
    }
    const [p] = await deps.database.db.select().from(proposals).where(eq(proposals.id, proposalId));
    assert.equal(p?.state, 'consent_round', 'silence does not count by default');
    await assert.rejects(run(deps, other, recordResponse, { proposalId, response: 'consent' }), Conflict);
  });

  test('an objection withdrawn by its author counts as consent', async () => {
    const clock = new FakeClock();
    const deps = { database: db(), clock };
    const { circleId, people } = await circleWith(deps, ['full', 'full']);
    const [author, other] = people.map(as) as [Actor, Actor];
    const { proposalId } = await run(deps, author, draftProposal, { ...text, circleId });
    for (const s of ['present', 'start-clarifying', 'start-reactions'] as const) await run(deps, author, advanceProposal, { proposalId, step: s });
    await run(deps, author, startConsentRound, { proposalId, mode: 'meeting', meetingId: await holdMeeting(deps, circleId, author, [author, other]) });
    await run(deps, author, recordResponse, { proposalId, response: 'consent' });
    await run(deps, other, recordResponse, { proposalId, response: 'objection', reason: 'It would stop us meeting our aim this winter.' });
    await run(deps, author, closeRound, { proposalId });
    await assert.rejects(run(deps, author, withdrawObjection, { proposalId }), NotAllowed);
    await run(deps, other, withdrawObjection, { proposalId });
    assert.equal((await run(deps, author, closeRound, { proposalId })).state, 'adopted');
  });
});
