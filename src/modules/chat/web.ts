import type { FastifyInstance } from 'fastify';
import { ChatHub } from './live.ts';
import { registerChatRoutes } from './routes.tsx';
// Importing the chat registers its event hook: circle and team events become system messages.
import './system-messages.ts';

declare module 'fastify' {
  interface FastifyInstance {
    chatHub: ChatHub;
  }
}

/**
 * The chat's pages, API and live stream, registered by src/web/modules.ts. The hub starts
 * listening with the first stream and, before the server closes, ends every open stream (an
 * open stream would otherwise hold the server's close forever) and stops listening.
 */
export function registerChat(app: FastifyInstance): ChatHub {
  const hub = new ChatHub(app.deps.database, app.deps.clock, (error) => app.log.error(error, 'chat live updates'));
  app.decorate('chatHub', hub);
  app.addHook('preClose', () => hub.close());
  registerChatRoutes(app, hub);
  return hub;
}
