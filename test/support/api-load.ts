// Requests to a real server's JSON API with an API token, and workers that keep sending them
// until the server dies under them: the crash tests (test/resilience.test.ts) record what was
// sent and what was acknowledged, then check the database against it after a restart.

export interface ApiCall {
  method: 'GET' | 'POST';
  url: string;
  token: string;
  body?: Record<string, unknown>;
  /** Sent as the Idempotency-Key header (credit transfers replay on a retry with the same key). */
  key?: string;
  /** Set only once the whole response was read: an acknowledgement the client actually got. */
  status?: number;
  json?: Record<string, unknown>;
}

/** A POST with a JSON body. */
export const post = (token: string, url: string, body: Record<string, unknown> = {}, key?: string): ApiCall => ({ method: 'POST', url, token, body, ...(key ? { key } : {}) });

/** A GET. */
export const get = (token: string, url: string): ApiCall => ({ method: 'GET', url, token });

/** Send the call (again, on a retry); throws when the connection fails (the server is gone). */
export async function callApi(base: string, c: ApiCall): Promise<ApiCall> {
  const headers: Record<string, string> = { authorization: `Bearer ${c.token}` };
  if (c.body) headers['content-type'] = 'application/json';
  if (c.key) headers['idempotency-key'] = c.key;
  const res = await fetch(`${base}${c.url}`, { method: c.method, headers, ...(c.body ? { body: JSON.stringify(c.body) } : {}) });
  // A response cut off after its headers was not acknowledged: read it all before recording it.
  const text = await res.text();
  c.json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  c.status = res.status;
  return c;
}

export const acknowledged = (c: ApiCall | undefined): boolean => c?.status !== undefined && c.status >= 200 && c.status < 300;

/** fetch's own errors when the connection is refused or dropped mid-response (undici). */
const isCutOff = (error: unknown) => error instanceof TypeError && ['fetch failed', 'terminated'].includes(error.message);

/**
 * Start workers that each run their round (one or more calls) again and again, until a call
 * fails at the connection (the server was killed), a round returns false (it was refused and
 * cannot go on), or `maxMs` has passed, so a load never outlives the test that started it.
 */
export function untilServerDies(rounds: (() => Promise<boolean>)[], maxMs = 60_000): Promise<void>[] {
  const stopAt = Date.now() + maxMs;
  return rounds.map(async (round) => {
    while (Date.now() < stopAt) {
      try {
        if (!(await round())) return;
      } catch (error) {
        // The server is gone: the fate of the call in flight is known only after a restart.
        if (isCutOff(error)) return;
        throw error;
      }
    }
  });
}
