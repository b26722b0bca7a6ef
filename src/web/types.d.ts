import type { Actor } from '../platform/authz.ts';
import type { Deps } from '../platform/context.ts';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    deps: Deps;
    config: Config;
  }
  interface FastifyContextConfig {
    action?: string;
    kind?: 'page' | 'api';
  }
}
