import type { ComponentChildren } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderPage } from './views/layout.tsx';

/** A fresh CSRF token for the page's forms (the secret lives in a signed cookie). */
export const csrfFor = (reply: FastifyReply): string => reply.generateCsrf();

export function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  page: { title: string; body: ComponentChildren; status?: number; notice?: string; csrf?: string },
): FastifyReply {
  const csrf = page.csrf ?? csrfFor(reply);
  const path = req.url.split('?')[0];
  return reply
    .status(page.status ?? 200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      renderPage({
        title: page.title,
        actor: req.actor,
        csrf,
        path,
        notice: page.notice,
        children: page.body,
      }),
    );
}

export const isApi = (req: FastifyRequest): boolean => req.url.startsWith('/api/');

/** Only same-site relative paths may be used as a "next" redirect. */
export function safeNext(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : fallback;
}
