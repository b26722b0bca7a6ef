// N clients, each on its own kept-alive connection, asking for one page as fast as the answers
// come for a fixed time. Every answer is checked: a 200, and the body is the real page (it
// holds the text expected of it), because a benchmark that times error pages measures nothing.
import { Agent } from 'node:http';
import { type Answer, get, html } from './http.ts';

/** One client's request: which page, as whom (their Cookie header), and what the page must say. */
export interface Visit {
  path: string;
  cookie: string;
  /** Text the real page holds (HTML-escaped as the page would have it). */
  expect: string;
}

export interface LoadResult {
  requests: number;
  /** Answers that were not 200, by status ("error" for a failed connection). */
  failures: Record<string, number>;
  /** 200s whose body did not hold the expected text. */
  wrongBodies: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Bytes per answer as sent (compressed when the server compressed). */
  bytes: number;
  /** The first failure's status and the start of its body, to say what went wrong. */
  firstFailure?: string;
  /** Every answer's latency, in order (for `combine`); not kept in the saved figures. */
  samples?: number[];
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;

/**
 * Client i sends visits[i % visits.length] again and again until `seconds` have passed.
 * Latency is from sending the request to the last byte of the answer.
 */
export async function load(base: string, visits: Visit[], clients: number, seconds: number): Promise<LoadResult> {
  if (visits.length === 0) throw new Error('no page to visit');
  const agents = Array.from({ length: clients }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let wrongBodies = 0;
  let bytes = 0;
  let firstFailure: string | undefined;
  const fail = (key: string, detail: string) => {
    failures[key] = (failures[key] ?? 0) + 1;
    firstFailure ??= detail;
  };
  const check = (visit: Visit, answer: Answer) => {
    bytes += answer.raw.length;
    if (answer.status !== 200) return fail(String(answer.status), `${answer.status} for ${visit.path}: ${html(answer).slice(0, 300)}`);
    const page = html(answer);
    if (!page.includes(visit.expect)) {
      wrongBodies++;
      firstFailure ??= `${visit.path} answered 200 without "${visit.expect}": ${page.slice(0, 300)}`;
    }
  };

  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    agents.map(async (agent, i) => {
      const visit = visits[i % visits.length] as Visit;
      while (performance.now() < until) {
        const t0 = performance.now();
        let answer: Answer;
        try {
          answer = await get(base, agent, visit.path, visit.cookie);
        } catch (error) {
          fail('error', `${visit.path}: ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, 10)); // a dead server is not hammered
          continue;
        }
        latencies.push(performance.now() - t0);
        check(visit, answer);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  return figures(latencies, failures, wrongBodies, elapsed, bytes, firstFailure);
}

function figures(latencies: number[], failures: Record<string, number>, wrongBodies: number, seconds: number, bytes: number, firstFailure: string | undefined): LoadResult {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length + (failures.error ?? 0),
    failures,
    wrongBodies,
    seconds,
    perSecond: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    bytes: latencies.length ? Math.round(bytes / latencies.length) : 0,
    ...(firstFailure ? { firstFailure } : {}),
    samples: latencies,
  };
}

/** Several measurements of the same page as one: every answer's latency together, the rate over all their time. */
export function combine(results: LoadResult[]): LoadResult {
  const failures: Record<string, number> = {};
  for (const r of results) for (const [k, n] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + n;
  const latencies = results.flatMap((r) => r.samples ?? []);
  const bytes = results.reduce((n, r) => n + r.bytes * (r.samples?.length ?? 0), 0);
  return figures(latencies, failures, results.reduce((n, r) => n + r.wrongBodies, 0), results.reduce((n, r) => n + r.seconds, 0), bytes, results.find((r) => r.firstFailure)?.firstFailure);
}

/** Answers that were not the real page: non-200s, failed connections and wrong bodies. */
export const badAnswers = (r: LoadResult) => Object.values(r.failures).reduce((a, b) => a + b, 0) + r.wrongBodies;
