import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../platform/authz.ts';
import { DAY, HOUR, MINUTE } from '../platform/clock.ts';
import { run } from '../platform/context.ts';
import { circlesOf, getCircle } from '../modules/circles/queries.ts';
import { postMessage } from '../modules/chat/commands/post-message.ts';
import { chatMessages } from '../modules/chat/schema.ts';
// Registers the hook that turns joins, leaves and hats into system messages.
import '../modules/chat/system-messages.ts';
import { demoPeople, extendDemo } from './seed.ts';

// Rose's Team chat over the last few days: a busy, kind team getting on with things.
const conversation: [daysAgo: number, at: string, who: string, text: string][] = [
  [4, '08:40', 'sam', 'Morning all. Rose and I are off to the market at 10, back for lunch.'],
  [4, '12:55', 'rose', 'Lovely trip. Sam carried all the shopping and found me the good tomatoes.'],
  [4, '19:10', 'june', 'Thank you Sam! Mum, remember the physio letter is on the fridge.'],
  [3, '09:15', 'priya', 'Hello everyone, I can come on Thursday afternoon for a walk round the park if Rose fancies it.'],
  [3, '09:32', 'rose', 'Yes please Priya. If it rains we can do the crossword instead.'],
  [3, '17:05', 'sam', 'Prescription collected and in the usual drawer. Next one due on the 28th.'],
  [2, '10:20', 'june', 'I will be away this weekend. Sam, could you ring me if anything comes up?'],
  [2, '10:41', 'sam', 'Of course, June. Have a good break.'],
  [1, '15:30', 'priya', 'Walk done. We fed the ducks and Rose told me about her first job at the mill.'],
  [1, '16:02', 'rose', 'I have not laughed so much in weeks. Thank you, Priya.'],
  [1, '20:15', 'june', 'This made my evening. You are all wonderful.'],
  [0, '08:05', 'rose', 'Good morning team. The sun is out, the kettle is on. See you later, Sam.'],
];

const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'Demo', isAdmin: true, via: 'system' };

extendDemo(async (deps, p) => {
  const db = deps.database.db;
  const owned = (await circlesOf(db, p.rose as string)).filter((c) => c.kind === 'team');
  const team = (await Promise.all(owned.map((c) => getCircle(db, c.id)))).find((c) => c?.name === "Rose's Team");
  if (!team) return;
  const today = deps.clock.now();
  const at = (daysAgo: number, time: string) => {
    const [h, m] = time.split(':').map(Number) as [number, number];
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - daysAgo * DAY + h * HOUR + m * MINUTE);
    // "Today" messages stay in the past even when the demo is loaded early in the morning.
    return day < today ? day : new Date(today.getTime() - 5 * MINUTE);
  };

  // The demo's circles were all made just now; the team's chat starts with its members
  // joining a week ago, before the conversation below.
  const joins = await db.select({ id: chatMessages.id }).from(chatMessages).where(and(eq(chatMessages.circleId, team.id), eq(chatMessages.kind, 'system'))).orderBy(asc(chatMessages.createdAt));
  for (const [i, row] of joins.entries()) {
    await db.update(chatMessages).set({ createdAt: new Date(at(7, '11:00').getTime() + i * MINUTE) }).where(eq(chatMessages.id, row.id));
  }

  const nameOf = (who: string) => demoPeople.find((d) => d.email.startsWith(`${who}@`))?.name ?? who;
  for (const [daysAgo, time, who, text] of conversation) {
    const when = at(daysAgo, time);
    const actor: Actor = { ...system, personId: p[who] as string, name: nameOf(who), isAdmin: false, via: 'session' };
    await run({ database: deps.database, clock: { now: () => when } }, actor, postMessage, { circleId: team.id, body: text });
  }
});
