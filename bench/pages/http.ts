// The page benchmark's browser-like client over node:http: one kept-alive connection per
// client, the cookies a browser would keep, `Accept-Encoding: gzip, br`, and the real sign-in
// form (its CSRF token and cookie first, then the POST).
import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export const ACCEPT_ENCODING = 'gzip, br';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they came over the wire (compressed when the server compressed them). */
  raw: Buffer;
}

/** One request; resolves when the whole body has arrived. */
export function get(base: string, agent: Agent, path: string, cookie: string, method = 'GET', body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { accept: 'text/html', 'accept-encoding': ACCEPT_ENCODING, 'user-agent': 'carecircles-bench-pages' };
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = request(`${base}${path}`, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The page's HTML, decompressed the way a browser would. */
export function html(answer: Answer): string {
  const encoding = String(answer.headers['content-encoding'] ?? '').trim();
  if (encoding === 'gzip') return gunzipSync(answer.raw).toString('utf8');
  if (encoding === 'br') return brotliDecompressSync(answer.raw).toString('utf8');
  if (encoding && encoding !== 'identity') throw new Error(`unexpected content-encoding ${encoding}`);
  return answer.raw.toString('utf8');
}

/** Keeps name=value of every Set-Cookie, the way a browser's jar would for one site. */
export class CookieJar {
  private cookies = new Map<string, string>();

  keep(headers: IncomingHttpHeaders): void {
    for (const line of headers['set-cookie'] ?? []) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (!pair || at < 1) continue;
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0\b/i.test(line)) this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Sign in through the sign-in form as a browser does: GET the form (CSRF cookie and token),
 * POST email and password, keep the session cookie from the 303. Returns the Cookie header.
 */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const jar = new CookieJar();
    const form = await get(base, agent, '/sign-in', '');
    jar.keep(form.headers);
    const token = /name="_csrf" value="([^"]+)"/.exec(html(form))?.[1];
    if (form.status !== 200 || !token) throw new Error(`the sign-in form answered ${form.status} without a CSRF token`);
    const fields = new URLSearchParams({ email, password, _csrf: token }).toString();
    const answer = await get(base, agent, '/sign-in', jar.header(), 'POST', fields);
    jar.keep(answer.headers);
    if (answer.status !== 303 || !jar.header().includes('cc_session=')) {
      throw new Error(`signing in as ${email} answered ${answer.status} (expected 303 with a session cookie): check the password`);
    }
    return jar.header();
  } finally {
    agent.destroy();
  }
}
