import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/authz.ts';
import type { Deps } from '../../platform/context.ts';
import { isUuid } from '../../platform/ids.ts';
import type { ChatHub } from './live.ts';
import { messageJson } from './messages.ts';
import type { ChannelCircle } from './policy.ts';
import { type ChatMessage, listMessages, messagesAfter } from './queries.ts';

// The hub hands every open page the same message object: its event is written out once.
const eventTexts = new WeakMap<ChatMessage, string>();
function eventText(m: ChatMessage, timeZone: string): string {
  let text = eventTexts.get(m);
  if (text === undefined) {
    text = `id: ${m.id}\nevent: message\ndata: ${JSON.stringify(messageJson(m, timeZone))}\n\n`;
    eventTexts.set(m, text);
  }
  return text;
}

/**
 * Serve a channel as Server-Sent Events: each message is one `message` event whose id is the
 * message id, so a reconnecting browser (Last-Event-ID) or a page rendered a moment ago
 * (?after=<last message id>, or ?after=none for an empty page) first gets what it missed.
 * A member who leaves gets a `closed` event and the stream ends; the browser's automatic
 * reconnect is then refused like any outsider's request.
 */
export async function serveStream(
  req: FastifyRequest,
  reply: FastifyReply,
  context: { deps: Deps; hub: ChatHub; actor: Actor; circle: ChannelCircle; timeZone: string; onError: (e: unknown) => void },
): Promise<void> {
  const { deps, hub, actor, circle, timeZone } = context;
  const db = deps.database.db;
  reply.hijack();
  const res = reply.raw;

  const sent = new Set<string>();
  const send = (m: ChatMessage) => {
    if (sent.has(m.id) || res.writableEnded) return;
    sent.add(m.id);
    res.write(eventText(m, timeZone));
  };
  let ended = false;
  let unsubscribe = () => {};
  const end = (told: boolean) => {
    if (ended) return;
    ended = true;
    unsubscribe();
    if (told && res.headersSent && !res.writableEnded) res.write('event: closed\ndata: {}\n\n');
    res.end();
  };

  // The response closes when the browser goes away (the request's own 'close' can come earlier).
  res.on('close', () => end(false));

  // An open chat page has seen what arrives on it.
  const deliverLive = (m: ChatMessage) => {
    send(m);
    hub.markRead({ circleId: circle.id, personId: actor.personId, upTo: { at: m.createdAt, id: m.id } });
  };
  try {
    // Subscribe before reading the backlog, holding live messages back until it is sent, so a
    // message committed in between is neither lost nor shown out of order.
    let held: ChatMessage[] | null = [];
    const stop = await hub.subscribe(circle.id, {
      personId: actor.personId,
      deliver: (m) => (held ? held.push(m) : deliverLive(m)),
      ping: () => {
        if (res.headersSent && !res.writableEnded) res.write(': still here\n\n');
      },
      end: () => end(true),
    });
    if (ended) return stop();
    unsubscribe = stop;

    const lastEventId = req.headers['last-event-id'];
    const after = typeof lastEventId === 'string' && isUuid(lastEventId) ? lastEventId : (req.query as { after?: unknown }).after;
    // "none": the page was rendered with an empty channel, so everything there now is new to it.
    const missed = isUuid(after) ? await messagesAfter(db, circle.id, after) : after === 'none' ? (await listMessages(db, circle.id, { limit: 200 })).messages : [];
    if (ended) return;
    // Only now, listening and caught up, does the browser see the stream open.
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    for (const m of missed) send(m);
    const waiting: ChatMessage[] = held;
    held = null;
    for (const m of waiting) deliverLive(m);
  } catch (error) {
    context.onError(error);
    if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    end(false);
  }
}
