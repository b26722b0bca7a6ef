import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { createPerson } from '../../src/modules/people/commands/create-person.ts';
import { FakeClock } from '../../src/platform/clock.ts';
import { run } from '../../src/platform/context.ts';
import type { Database } from '../../src/platform/db.ts';
import { buildApp } from '../../src/web/app.ts';

export const PASSWORD = 'correct horse battery';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: FakeClock;
}

export async function testApp(database: Database, env: Record<string, string> = {}): Promise<TestApp> {
  const clock = new FakeClock();
  const config = loadConfig({ BASE_URL: 'http://localhost:3000', DATA_DIR: '/tmp/unused', ...env });
  const app = await buildApp({ config, database, clock });
  await app.ready();
  return { app, database, clock };
}

let counter = 0;
/** A person with a known password; unique email each call. */
export async function makePerson(
  t: { database: Database; clock: FakeClock },
  options: { admin?: boolean; name?: string } = {},
): Promise<{ personId: string; email: string; name: string }> {
  counter += 1;
  const email = `person${counter}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const name = options.name ?? `Person ${counter}`;
  const { personId } = await run(t, null, createPerson, { email, name, password: PASSWORD, isAdmin: options.admin ?? false });
  return { personId, email, name };
}

/** A browser-like client over app.inject: keeps cookies, reads CSRF tokens from forms. */
export class Client {
  cookies = new Map<string, string>();
  constructor(private app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires && c.expires.getTime() < Date.now())) {
        this.cookies.delete(c.name);
      } else {
        this.cookies.set(c.name, c.value);
      }
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** The CSRF token of the form on the page at `url`. */
  async csrf(url: string): Promise<string> {
    const res = await this.get(url);
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!match?.[1]) throw new Error(`no CSRF token on ${url} (status ${res.statusCode})`);
    return match[1];
  }

  /** Submit a form the way a browser would: fetch the page for its token, then POST. */
  async submit(pageUrl: string, fields: Record<string, string>, postUrl = pageUrl): Promise<LightMyRequestResponse> {
    const token = await this.csrf(pageUrl);
    return this.post(postUrl, { ...fields, _csrf: token });
  }

  async post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      }),
    );
  }

  async signIn(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    return this.submit('/sign-in', { email, password });
  }
}
