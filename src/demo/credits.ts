import type { Actor } from '../platform/authz.ts';
import { type Command, type Ctx, run } from '../platform/context.ts';
import { recordLogbookEntry } from '../modules/circles/commands/record-logbook-entry.ts';
import { circles } from '../modules/circles/schema.ts';
import { allowPoolPayments } from '../modules/credits/commands/allow-pool-payments.ts';
import { createPool } from '../modules/credits/commands/create-pool.ts';
import { donateCredits } from '../modules/credits/commands/donate-credits.ts';
import { earnCredits } from '../modules/credits/commands/earn-credits.ts';
import { giveCredits } from '../modules/credits/commands/give-credits.ts';
import { redistributeCredits } from '../modules/credits/commands/redistribute-credits.ts';
import { setAutoDonate } from '../modules/credits/commands/set-auto-donate.ts';
import { spendCredits } from '../modules/credits/commands/spend-credits.ts';
import { extendDemo } from './seed.ts';

const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'Demo', isAdmin: true, via: 'system' };

// Care credits in the demo co-op: volunteers' earnings, gifts with their messages, a welcome
// pool for the Calderdale Local Circle with donations, the circle's policy allowing welcome
// gifts from it, and one welcome gift to Rose citing that policy.
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

  const { entryId } = await go(system, (ctx: Ctx) =>
    recordLogbookEntry(ctx, {
      circleId: local.id,
      kind: 'policy',
      title: 'Welcome gifts from the pool',
      text: 'Each new supported member in Calderdale receives a welcome gift of up to 5 credits from the Calderdale welcome pool, up to 50 credits in all this year.',
      authorId: p.tom as string,
      reviewDate: null,
    }), {});
  await go(as('tom'), allowPoolPayments, { poolId, logbookEntryId: entryId, purpose: 'A welcome gift for each new supported member', perPaymentLimit: '5', totalLimit: '50' });
  await go(as('tom'), redistributeCredits, { poolId, toPersonId: p.rose, amount: '3', logbookEntryId: entryId, message: 'Welcome to the co-op, Rose!', idempotencyKey: 'demo-welcome-rose' });

  await go(as('rose'), spendCredits, { toPersonId: p.priya, activity: 'walks', amount: '1.5', message: 'A lovely walk along the canal.', idempotencyKey: 'demo-spend-1' });
});
