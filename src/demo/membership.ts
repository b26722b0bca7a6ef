import type { Actor } from '../platform/authz.ts';
import { DAY } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import { eq } from 'drizzle-orm';
import { circles, logbookEntries } from '../modules/circles/schema.ts';
import { openAppeal } from '../modules/decisions/appeals/commands.ts';
import { applyForMembership, changeMembership } from '../modules/membership/commands/apply.ts';
import { addResolution, castVote, closeResolution, recordAttendance, recordMinutes, scheduleGeneralMeeting } from '../modules/membership/commands/general-meetings.ts';
import { buyShares } from '../modules/membership/commands/shares.ts';
import { coopSettings } from '../modules/membership/schema.ts';
import { extendDemo } from './seed.ts';
import { circleMembership } from '../modules/circles/queries.ts';
import { advanceProposal } from '../modules/decisions/commands/advance-proposal.ts';
import { closeRound } from '../modules/decisions/commands/close-round.ts';
import { recordResponse } from '../modules/decisions/commands/record-response.ts';
import { startConsentRound } from '../modules/decisions/commands/start-consent-round.ts';
import { holdMeeting } from '../modules/circles/meetings/fixtures.ts';
import { checkIn } from '../modules/circles/meetings/commands.ts';

// Members of every class (one still on probation), an investor with share capital, and last
// year's AGM with its minutes and a resolution with its tally.
extendDemo(async (deps, p) => {
  const [membersCircle] = (await deps.database.db.select().from(circles)).filter((c) => c.name === "Members' Circle");
  if (!membersCircle) return;
  await deps.database.db.insert(coopSettings).values({ key: 'membersCircleId', value: membersCircle.id, changedAt: deps.clock.now() }).onConflictDoNothing();
  const secretary: Actor = { personId: p.admin as string, name: 'Ada', isAdmin: true, via: 'session' };
  const as = (key: string): Actor => ({ personId: p[key] as string, name: key, isAdmin: false, via: 'session' });
  const go = <I, O>(actor: Actor, command: Command<I, O>, input: I) => run(deps, actor, command, input);

  const irene = p.irene as string;

  const joins: [string, Record<string, unknown>, 'admit' | 'probation'][] = [
    ['rose', { memberClass: 'supported' }, 'admit'],
    ['june', { memberClass: 'advocate', actingFor: 'Bill Ellis, her father' }, 'admit'],
    ['sam', { memberClass: 'worker', workerKind: 'paid', commitment: 'on' }, 'admit'],
    ['tom', { memberClass: 'worker', workerKind: 'paid', commitment: 'on' }, 'admit'],
    ['priya', { memberClass: 'worker', workerKind: 'volunteer', commitment: 'on' }, 'probation'],
    ['irene', { memberClass: 'investor' }, 'admit'],
  ];
  // The Members' Circle meets: Ada facilitates, the full participants check in themselves (and
  // so does each newly admitted member who joins the circle), and Ada records each answer.
  const fullNow = async () => (await circleMembership(deps.database.db, membersCircle.id, deps.clock.now())).filter((m) => m.participation === 'full');
  const actorFor = (m: { personId: string; name: string }): Actor => ({ personId: m.personId, name: m.name, isAdmin: false, via: 'session' });
  const circleMeeting = await holdMeeting(deps, membersCircle.id, secretary, [secretary], 'Hebden Bridge Town Hall');
  const checkedIn = new Set([secretary.personId]);
  for (const [who, input, end] of joins) {
    const { membershipId, proposalId } = await go(as(who), applyForMembership, input);
    // The applicant is not in the Members' Circle: its steward (Ada) takes the proposal through.
    for (const step of ['present', 'start-clarifying', 'start-reactions'] as const) await go(secretary, advanceProposal, { proposalId, step });
    await go(secretary, startConsentRound, { proposalId, mode: 'meeting', meetingId: circleMeeting });
    const full = await fullNow();
    for (const m of full.filter((x) => !checkedIn.has(x.personId))) {
      await go(actorFor(m), checkIn, { meetingId: circleMeeting });
      checkedIn.add(m.personId);
    }
    for (const m of full) await go(secretary, recordResponse, { proposalId, personId: m.personId, response: 'consent' });
    await go(secretary, closeRound, { proposalId });
    // Workers are admitted once their probation and eligibility check are done; Priya's is still running.
    if (input.memberClass === 'worker' && end === 'admit') await go(secretary, changeMembership, { membershipId, step: 'admit', eligibilityChecked: 'on' });
  }
  await go(secretary, buyShares, { personId: irene, amountPounds: '500.00' });

  const lastYear = new Date(deps.clock.now().getTime() - 250 * DAY).toISOString().slice(0, 16);
  const { meetingId } = await go(secretary, scheduleGeneralMeeting, { kind: 'agm', title: 'Annual General Meeting', startsAt: lastYear, place: 'Square Chapel, Halifax, and online', agenda: '1. Welcome\n2. Annual accounts\n3. Elections to the Purpose Circle\n4. Any other business' });
  const { resolutionId } = await go(secretary, addResolution, { meetingId, title: 'Adopt the annual accounts', text: 'The members adopt the accounts for the year.', kind: 'ordinary' });
  for (const who of ['rose', 'june', 'sam', 'tom']) await go(secretary, recordAttendance, { meetingId, personId: p[who] as string });
  for (const [who, choice] of [['rose', 'for'], ['june', 'for'], ['sam', 'for'], ['tom', 'against'], ['irene', 'for']] as const) {
    await go(as(who), castVote, { resolutionId, choice });
  }
  await go(secretary, closeResolution, { resolutionId });
  await go(secretary, recordMinutes, { meetingId, minutes: 'Present: Rose, June, Sam, Tom (and Irene voting online).\nThe accounts were presented and adopted.\nThe meeting thanked the Team Starters for a busy year.' });

  // Only members of the co-op sign appeals: Sam, admitted above, opens one gathering signatures.
  const [loneWorking] = await deps.database.db.select({ id: logbookEntries.id }).from(logbookEntries).where(eq(logbookEntries.title, 'Lone working check-in'));
  if (loneWorking) await go(as('sam'), openAppeal, { logbookEntryId: loneWorking.id, grounds: 'Texting on arrival is hard for supporters without a mobile signal in the valleys.' });
});
