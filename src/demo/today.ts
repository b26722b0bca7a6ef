import { eq } from 'drizzle-orm';
import type { Actor } from '../platform/authz.ts';
import { DAY } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import { toLocalInput } from '../platform/zoned-time.ts';
import { isoDate } from '../modules/circles/dates.ts';
import { circles } from '../modules/circles/schema.ts';
import { advanceProposal } from '../modules/decisions/commands/advance-proposal.ts';
import { draftProposal } from '../modules/decisions/commands/draft-proposal.ts';
import { startConsentRound } from '../modules/decisions/commands/start-consent-round.ts';
import { proposalVersions } from '../modules/decisions/schema.ts';
import { addResolution, scheduleGeneralMeeting } from '../modules/membership/commands/general-meetings.ts';
import { extendDemo } from './seed.ts';

const ROUND_TITLE = 'Members see the quarterly accounts';

// Something on everyone's home (modules/today): the rest of the demo already asks Rose, June and
// Priya to confirm care logs, Priya to answer an invitation, Sam and Tom to answer a round and
// review policies, Tom to resolve a dispute and see to a concern. This adds what the co-op's
// members are asked together: an online consent round in the Members' Circle (Ada, its
// Secretary, brings it; its full participants answer by the deadline) and a members' meeting
// next month with a resolution open for the admitted members' votes (Priya, on probation, has
// neither: she is not asked).
extendDemo(async (deps, p) => {
  const [members] = await deps.database.db.select().from(circles).where(eq(circles.name, "Members' Circle"));
  if (!members) return;
  const [done] = await deps.database.db.select({ id: proposalVersions.id }).from(proposalVersions).where(eq(proposalVersions.title, ROUND_TITLE));
  if (done) return;
  const ada: Actor = { personId: p.admin as string, name: 'Ada', isAdmin: true, via: 'session' };
  const go = <I, O>(command: Command<I, O>, input: I) => run(deps, ada, command, input);
  const now = deps.clock.now();

  const { proposalId } = await go(draftProposal, {
    circleId: members.id,
    title: ROUND_TITLE,
    driver: 'Members asked at the AGM to see how the co-op is doing between AGMs.',
    text: 'Each quarter the Secretary shares the accounts with every member, online and on paper at the Town Hall.',
    reviewDate: isoDate(new Date(now.getTime() + 365 * DAY)),
    inDomain: 'on',
  });
  for (const step of ['present', 'start-clarifying', 'start-reactions'] as const) await go(advanceProposal, { proposalId, step });
  await go(startConsentRound, { proposalId, mode: 'online', deadline: toLocalInput(new Date(now.getTime() + 7 * DAY)) });

  const { meetingId } = await go(scheduleGeneralMeeting, {
    kind: 'members',
    title: "Members' meeting on the visit rate",
    startsAt: toLocalInput(new Date(now.getTime() + 21 * DAY)).slice(0, 16),
    place: 'Hebden Bridge Town Hall, and online',
    agenda: '1. Welcome\n2. The rate paid for a visit\n3. Any other business',
  });
  await go(addResolution, { meetingId, title: 'Raise the visit rate by 50p an hour', text: 'The members agree to raise the rate paid to supporters for a visit by 50p an hour from April.', kind: 'ordinary' });
});
