import type { Actor } from '../platform/authz.ts';
import { DAY } from '../platform/clock.ts';
import { type Command, type Ctx, run } from '../platform/context.ts';
import { isoDate } from '../modules/circles/dates.ts';
import { circles } from '../modules/circles/schema.ts';
import { createPool } from '../modules/credits/commands/create-pool.ts';
import { donateCredits } from '../modules/credits/commands/donate-credits.ts';
import { earnCredits } from '../modules/credits/commands/earn-credits.ts';
import { giveCredits } from '../modules/credits/commands/give-credits.ts';
import { redistributeCredits } from '../modules/credits/commands/redistribute-credits.ts';
import { setAutoDonate } from '../modules/credits/commands/set-auto-donate.ts';
import { spendCredits } from '../modules/credits/commands/spend-credits.ts';
import { advanceProposal } from '../modules/decisions/commands/advance-proposal.ts';
import { closeRound } from '../modules/decisions/commands/close-round.ts';
import { draftProposal } from '../modules/decisions/commands/draft-proposal.ts';
import { recordResponse } from '../modules/decisions/commands/record-response.ts';
import { startConsentRound } from '../modules/decisions/commands/start-consent-round.ts';
import { extendDemo } from './seed.ts';

const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'Demo', isAdmin: true, via: 'system' };

// Care credits in the demo co-op: volunteers' earnings, gifts with their messages, a welcome
// pool for the Calderdale Local Circle with donations, the circle's adopted decision whose
// mandate allows welcome gifts from it, and one welcome gift to Rose citing that decision.
extendDemo(async (deps, p) => {
  const [local] = (await deps.database.db.select().from(circles)).filter((c) => c.name === 'Calderdale Local Circle');
  if (!local) return;
  const as = (key: string): Actor => ({ personId: p[key] as string, name: key, isAdmin: false, via: 'session' });
  const go = <I, O>(actor: Actor, command: Command<I, O>, input: I) => run(deps, actor, command, input);
  const earn = (who: string, credits: number, activity: string) =>
    go(system, (ctx: Ctx) => earnCredits(ctx, { personId: p[who] as string, minutes: credits * 60, referenceType: 'activity', referenceId: `demo-${who}-${activity}` }), {});

  await earn('priya', 12, 'walks-with-rose');
  await earn('tom', 6, 'team-starting');
  await earn('june', 3, 'garden-day');
  await earn('sam', 2, 'coffee-morning');

  await go(as('priya'), giveCredits, { toPersonId: p.rose, amount: '1', message: 'For a cuppa and a chat, any time.', idempotencyKey: 'demo-gift-1' });
  await go(as('tom'), giveCredits, { toPersonId: p.priya, amount: '0.5', message: 'Thanks for covering Tuesday.', idempotencyKey: 'demo-gift-2' });
  await go(as('june'), giveCredits, { toPersonId: p.sam, amount: '1', message: 'Thank you for helping Mum with the garden.', idempotencyKey: 'demo-gift-3' });

  const { poolId } = await go(as('tom'), createPool, { circleId: local.id, name: 'Calderdale welcome pool' });
  await go(as('priya'), donateCredits, { poolId, amount: '5', message: 'For whoever needs them.', idempotencyKey: 'demo-donation-1' });
  await go(as('tom'), donateCredits, { poolId, amount: '3', idempotencyKey: 'demo-donation-2' });
  // Sam passes on everything he earns from now on.
  await go(as('sam'), setAutoDonate, { poolId });
  await earn('sam', 2, 'lunch-club');

  // The circle's decision states its mandate: payments from this pool, for whom, how much,
  // and who pays out (the Leader, Tom). Tom and Sam consent online; adoption records the allowance.
  const welcome = 'Welcome gifts from the pool';
  const { proposalId } = await go(as('tom'), draftProposal, {
    circleId: local.id,
    title: welcome,
    driver: 'New supported members arrive with nothing in their credits account.',
    text: 'Each new supported member in Calderdale receives a welcome gift of up to 5 credits from the Calderdale welcome pool, up to 50 credits in all this year.',
    reviewDate: isoDate(new Date(deps.clock.now().getTime() + 365 * DAY)),
    inDomain: 'on',
    effects: [
      { kind: 'allow_pool_payments', poolId, purpose: 'A welcome gift for each new supported member', recipients: 'members', recipientIds: [p.rose], perPaymentLimit: '5', totalLimit: '50', payerRole: 'leader' },
    ],
  });
  for (const step of ['present', 'start-clarifying', 'start-reactions'] as const) await go(as('tom'), advanceProposal, { proposalId, step });
  await go(as('tom'), startConsentRound, { proposalId, mode: 'online', deadline: new Date(deps.clock.now().getTime() + 7 * DAY).toISOString() });
  for (const who of ['tom', 'sam']) await go(as(who), recordResponse, { proposalId, response: 'consent' });
  const { logbookEntryId: entryId } = await go(as('tom'), closeRound, { proposalId });
  await go(as('tom'), redistributeCredits, { poolId, toPersonId: p.rose, amount: '3', logbookEntryId: entryId as string, message: 'Welcome to the co-op, Rose!', idempotencyKey: 'demo-welcome-rose' });

  await go(as('rose'), spendCredits, { toPersonId: p.priya, activity: 'walks', amount: '1.5', message: 'A lovely walk along the canal.', idempotencyKey: 'demo-spend-1' });
});
