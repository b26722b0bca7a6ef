// Chat: one channel per circle. Busy teams talk the most (the same skew as their care); Local
// Circles are big and chatty, working circles quieter. Each member has read up to somewhere
// near the end, so unread counts are small but not zero.
import { MINUTE } from '../../src/platform/clock.ts';
import type { LoadContext } from './context.ts';
import { Loader, iso } from './bulk.ts';
import { type Circle, type Member, SEED, personId } from './plan.ts';
import { Id, Random, allocate, uuidOf } from './random.ts';
import { chatLines, circleChatLines } from './words.ts';

const messageSpec = {
  table: 'chat_messages',
  columns: ['id', 'circle_id', 'author_id', 'kind', 'body', 'created_at'],
} as const;
const markSpec = { table: 'chat_read_marks', columns: ['circle_id', 'person_id', 'last_read_at', 'last_read_id'] } as const;

export async function loadChat(ctx: LoadContext): Promise<void> {
  const { client, coop } = ctx;
  const random = new Random(SEED, 8);
  const messages = new Loader(client, messageSpec);
  const marks = new Loader(client, markSpec).after(messages);
  const meanTeam = coop.teams.reduce((s, t) => s + t.weight, 0) / Math.max(1, coop.teams.length);
  const teamWeight = new Map(coop.teams.map((t) => [t.circle, t.weight / meanTeam]));
  const weight = (c: Circle) => teamWeight.get(c.i) ?? (c.level === 'local' ? 2 + c.members.length / 50 : c.level === 'working' ? 0.5 : 1.5);
  const perCircle = allocate(coop.sizes.chat, coop.circles.map(weight));
  let n = 0;
  for (const c of coop.circles) {
    const count = perCircle[c.i] as number;
    if (count === 0 || c.members.length === 0) continue;
    // "X joined" for the members (as the chat's system messages do), then the conversation.
    const joins = c.members.slice(0, Math.min(c.members.length, Math.floor(count / 4)));
    const said = count - joins.length;
    const times = new Float64Array(said);
    for (let i = 0; i < said; i++) times[i] = c.createdAt + random.next() * (coop.now - 5 * MINUTE - c.createdAt);
    times.sort();
    const thread: { id: string; at: number }[] = [];
    const post = async (author: string | null, body: string, at: number) => {
      const id = uuidOf(Id.chat, ++n);
      thread.push({ id, at });
      if (messages.add(id, c.id, author, author === null ? 'system' : 'user', body, iso(at))) await messages.room();
    };
    for (const m of joins) await post(null, `${coop.people[m.person - 1]?.name ?? 'Someone'} joined`, m.joinedAt);
    const lines = c.kind === 'team' ? chatLines : circleChatLines;
    const speakers = (at: number) => c.members.filter((m) => m.joinedAt <= at && (m.leftAt === null || m.leftAt > at));
    for (const at of times) {
      const here = speakers(at);
      const who = (here.length > 0 ? random.pick(here) : (c.members[0] as Member)).person;
      await post(personId(who), random.pick(lines), Math.floor(at));
    }
    thread.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    // Big circles: only some members ever open the channel.
    for (const m of c.members) {
      if (m.leftAt !== null || (c.members.length > 30 && !random.chance(0.3))) continue;
      const seen = thread[Math.max(0, thread.length - 1 - Math.floor(random.next() ** 3 * 20))];
      if (seen && marks.add(c.id, personId(m.person), iso(seen.at), seen.id)) await marks.room();
    }
    ctx.progress(n, coop.sizes.chat);
  }
  for (const loader of [messages, marks]) await loader.finish();
  for (const loader of [messages, marks]) ctx.count(loader.spec.table, loader.written);
}
