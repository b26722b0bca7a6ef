import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { defineAction, requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { Invalid } from '../../platform/errors.ts';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, formBody, jsonBody } from '../../web/routing.ts';
import { addNavLink } from '../../web/views/places.ts';
import type { FormState } from '../../web/views/forms.tsx';
import { markReadAlone } from './commands/mark-read.ts';
import { postMessage } from './commands/post-message.ts';
import type { ChatHub } from './live.ts';
import { messageInput, messageJson } from './messages.ts';
import { type ChannelCircle, openChannel } from './policy.ts';
import { decodeCursor, getMessage, listMessages, unreadChatCounts } from './queries.ts';
import { serveStream } from './stream.ts';
import { ChatPage, ChatsPage } from './views/chat-pages.tsx';

export const chatActions = {
  read: defineAction('chat.read', { audience: 'signed-in', description: "Read a circle's or team's chat and your unread counts (policy: the circle's members)" }),
  post: defineAction('chat.post', { audience: 'signed-in', description: "Write in a circle's or team's chat (policy: the circle's members)" }),
} as const;

addNavLink({ place: 'teams', href: '/chat', label: 'Chats', hint: 'The chats of your teams and circles.' });

export function registerChatRoutes(app: FastifyInstance, hub: ChatHub): void {
  const deps = app.deps;
  const db = deps.database.db;
  const timeZone = app.config.timeZone;
  const circleId = (req: FastifyRequest) => (req.params as { id: string }).id;
  const channel = (req: FastifyRequest) => openChannel(db, requireActor(req.actor), circleId(req), deps.clock.now());

  /** Which page of history the query asks for: older messages before ?before=, newer after ?after=, else the latest. */
  const cursorsOf = (req: FastifyRequest) => {
    const query = req.query as { before?: unknown; after?: unknown };
    const after = decodeCursor(query.after, 'after');
    return { after, before: after ? undefined : decodeCursor(query.before) };
  };

  /**
   * The chat page: a page of history, and when it is the latest page (asked for as such, or
   * reached through newer pages until none is left) the channel is now read and the page live.
   */
  const showChat = async (req: FastifyRequest, reply: FastifyReply, circle: ChannelCircle, state: FormState, status = 200) => {
    const { before, after } = cursorsOf(req);
    const page = await listMessages(db, circle.id, { before, after });
    const latestPage = !before && page.newer === null;
    const latest = page.messages.at(-1);
    if (latestPage && latest) await markReadAlone(db, req.actor ?? null, { circleId: circle.id, upTo: { at: latest.createdAt, id: latest.id } });
    return sendPage(req, reply, {
      title: t('Chat: {circle}', { circle: circle.name }),
      status,
      csrf: state.csrf,
      body: <ChatPage circle={circle} messages={page.messages} older={page.older} newer={page.newer} viewingHistory={!latestPage} state={state} timeZone={timeZone} />,
    });
  };

  addRoute(app, {
    method: 'GET', url: '/chat', action: chatActions.read, kind: 'page', summary: 'Your chats with their unread counts',
    handler: async (req, reply) =>
      sendPage(req, reply, { title: t('Chats'), body: <ChatsPage channels={await unreadChatCounts(db, requireActor(req.actor).personId, deps.clock.now())} timeZone={timeZone} /> }),
  });
  addRoute(app, {
    method: 'GET', url: '/circles/:id/chat', action: chatActions.read, kind: 'page', summary: "A circle's chat (older messages with ?before=, newer again with ?after=)",
    handler: async (req, reply) => showChat(req, reply, await channel(req), { values: {}, errors: {}, csrf: csrfFor(reply) }),
  });
  addRoute(app, {
    method: 'POST', url: '/circles/:id/chat', action: chatActions.post, kind: 'page', summary: 'Send a message to a circle’s chat', body: messageInput,
    handler: async (req, reply) => {
      const circle = await channel(req);
      const values = formBody(req);
      try {
        await run(deps, req.actor, postMessage, { circleId: circle.id, body: values.body });
        return reply.redirect(`/circles/${circle.id}/chat#send`, 303);
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        // The latest messages with the form as typed, the error beside the field.
        return showChat(req, reply, circle, { values, errors: error.fields, csrf: csrfFor(reply) }, 422);
      }
    },
  });
  addRoute(app, {
    method: 'GET', url: '/circles/:id/chat/stream', action: chatActions.read, kind: 'page', summary: 'New messages as Server-Sent Events (?after=message id)',
    handler: async (req, reply) => {
      const circle = await channel(req);
      await serveStream(req, reply, { deps, hub, actor: requireActor(req.actor), circle, timeZone, onError: (e) => req.log.error(e, 'chat stream') });
    },
  });

  addRoute(app, {
    method: 'GET', url: '/api/v1/circles/:id/chat/messages', action: chatActions.read, kind: 'api', summary: "A page of a circle's chat, oldest first (keyset: ?before= the `older` cursor, ?after= the `newer` one)",
    handler: async (req) => {
      const circle = await channel(req);
      const page = await listMessages(db, circle.id, cursorsOf(req));
      return { messages: page.messages.map((m) => messageJson(m, timeZone)), older: page.older, newer: page.newer };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/circles/:id/chat/messages', action: chatActions.post, kind: 'api', summary: "Send a message to a circle's chat", body: messageInput,
    handler: async (req, reply) => {
      const raw = jsonBody(req);
      const { messageId } = await run(deps, req.actor, postMessage, { circleId: circleId(req), body: raw.body });
      const message = await getMessage(db, messageId);
      return reply.status(201).send({ message: message ? messageJson(message, timeZone) : { id: messageId } });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/chat/unread', action: chatActions.read, kind: 'api', summary: 'Unread messages in each of your chats',
    handler: async (req) => {
      const channels = await unreadChatCounts(db, requireActor(req.actor).personId, deps.clock.now());
      return { channels, total: channels.reduce((sum, c) => sum + c.unread, 0) };
    },
  });
}
