import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Actor } from '../platform/authz.ts';
import { SESSION_LIFETIME_MS } from '../modules/people/commands/create-session.ts';
import { actorFromApiToken, actorFromSession } from '../modules/people/queries.ts';

/** `__Host-` cookies need HTTPS; on plain-HTTP local installs the name drops the prefix. */
export function sessionCookie(config: Config): { name: string; secure: boolean } {
  const secure = config.baseUrl.startsWith('https://');
  return { name: secure ? '__Host-cc_session' : 'cc_session', secure };
}

export async function resolveActor(
  app: FastifyInstance,
  req: FastifyRequest,
  cookie: { name: string },
): Promise<Actor | null> {
  const { database, clock } = app.deps;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const token = auth.slice('Bearer '.length).trim();
    return token && token.length < 200 ? actorFromApiToken(database.db, token, clock.now()) : null;
  }
  const raw = req.cookies[cookie.name];
  if (!raw) return null;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  return actorFromSession(database.db, unsigned.value, clock.now());
}

export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, token: string): void {
  const { name, secure } = sessionCookie(app.config);
  reply.setCookie(name, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    signed: true,
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
}

export function clearSessionCookie(app: FastifyInstance, reply: FastifyReply): void {
  const { name, secure } = sessionCookie(app.config);
  reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
