import { constants as zlib } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/db.ts';
import { Invalid } from '../platform/errors.ts';
import { setCoOpTimeZone } from '../platform/zoned-time.ts';
import { setPublicBaseUrl } from '../platform/notify.ts';
import { registerModuleRoutes } from './modules.ts';
import { resolveActor, sessionCookie } from './session.ts';
import { registerErrorHandling } from './errors.tsx';
import type { RouteDef } from './routing.ts';
import { getCookieSecret } from './secrets.ts';
import { registerStaticAssets } from './static-assets.ts';
import { registerSecurityHeaders } from './security-headers.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  clock: Clock;
  logger?: boolean;
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 8 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

export async function buildApp({ config, database, clock, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    bodyLimit: 256 * 1024,
    trustProxy: true,
  });
  app.decorate('deps', { database, clock });
  app.decorate('config', config);
  // Commands and jobs read typed times in the co-op's zone from zoned-time.ts, which has no config.
  setCoOpTimeZone(config.timeZone);
  // Emails carry absolute links to the site's public address.
  setPublicBaseUrl(config.baseUrl);
  app.decorate('routeDefs', [] as RouteDef[]);
  app.decorateRequest('actor', null);

  const secure = config.baseUrl.startsWith('https://');
  registerSecurityHeaders(app, secure);
  // Pages and API answers are made per request, so they are compressed at a modest level that
  // costs little CPU (static files are compressed once, hardest, in static-assets.ts). Request
  // bodies are never compressed by our clients, so none are inflated.
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT } },
    zlibOptions: { level: 6 },
    globalDecompression: false,
  });
  await app.register(fastifyCookie, { secret: await getCookieSecret(database, clock) });
  await app.register(fastifyCsrf, {
    cookieKey: secure ? '__Host-cc_csrf' : 'cc_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure, signed: true },
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      return (typeof body?._csrf === 'string' ? body._csrf : undefined) ??
        (req.headers['x-csrf-token'] as string | undefined);
    },
  });
  await app.register(fastifyFormbody);
  registerStaticAssets(app);

  app.addHook('onRequest', async (req) => {
    req.actor = await resolveActor(app, req, sessionCookie(config));
  });
  // PostgreSQL text cannot hold NUL characters; refuse them up front as bad input, not a 500.
  app.addHook('preHandler', async (req) => {
    if (containsNul(req.body) || containsNul(req.query) || containsNul(req.params)) {
      throw new Invalid({ _form: 'The text sent contains a character that cannot be stored (NUL).' });
    }
  });
  registerErrorHandling(app);
  await registerModuleRoutes(app);
  return app;
}
