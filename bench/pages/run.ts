// The page benchmark on one co-op: its application server's pages, then the reference page and
// the bare server, each with the same clients for the same time. In pieces, so that the growth
// mode (bench/pages.ts) can keep one server per scale open and take turns between them.
import { mkdirSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../../test/support/server-process.ts';
import { get, signIn } from './http.ts';
import { type LoadResult, type Visit, badAnswers, load } from './load.ts';
import type { PageFigures, RunFigures } from './report.ts';
import { bareServer, referenceServer } from './servers.ts';
import { REFERENCE_HEADING, REFERENCE_PATH, type Page, coopIds, findPages } from './targets.ts';

export interface RunOptions {
  url: string;
  scale: number | null;
  /** The scale as bench:data names its files (0.1 → 0_1); null for a database given by --url alone. */
  tag: string | null;
  clients: number;
  seconds: number;
  password: string;
  only: string[] | undefined;
  /** bench/.out */
  out: string;
  /** Ask the busy person's pages as people in these numbers of circles (findPages' likeForLike). */
  like?: readonly number[];
}

/** A co-op's server, started, with its pages found and their people signed in. */
export interface OpenCoop {
  o: RunOptions;
  database: string;
  loadAverage: number;
  pages: Page[];
  home: Page;
  base: string;
  cookies: Map<string, string>;
  /** The dashboard's own bytes, as the app sends them to a browser, for the bare server. */
  dashboard: Awaited<ReturnType<typeof get>>;
  stop: () => Promise<void>;
}

/** Warm up, then measure; a page that is not the page during warm-up is said at once. */
async function measure(name: string, base: string, visits: Visit[], clients: number, seconds: number): Promise<LoadResult> {
  const warm = await load(base, visits, clients, Math.min(3, Math.max(1, seconds / 5)));
  if (badAnswers(warm)) console.log(`  ${name}: not the page during warm-up: ${warm.firstFailure}`);
  const result = await load(base, visits, clients, seconds);
  console.log(`  ${name.padEnd(20)} p95 ${result.p95.toFixed(1).padStart(6)} ms  ${result.perSecond.toFixed(0).padStart(5)} /s  ${visits[0]?.path}${result.firstFailure ? `\n    not the page: ${result.firstFailure}` : ''}`);
  return result;
}

export async function openCoop(o: RunOptions): Promise<OpenCoop> {
  const loadAverage = loadavg()[0] ?? 0;
  const database = new URL(o.url).pathname.slice(1);
  console.log(`\nPage benchmark: ${database}, ${o.clients} clients, ${o.seconds} s per page; load average ${loadAverage.toFixed(2)}`);
  const pages = (await findPages(o.url, o.clients, o.tag ? coopIds(join(o.out, `coop-s${o.tag}.json`)) : {}, o.like)).filter((p) => !o.only || o.only.includes(p.name));
  const home = pages.find((p) => p.name === 'home') ?? (await findPages(o.url, o.clients, {}, o.like))[0];
  if (!home) throw new Error('no home page to benchmark');
  // Its first start on a co-op migrates it, which on a big one takes minutes.
  // DATA_DIR holds the co-op's encryption key file (ADR 0024), made by the server's first start on
  // a co-op and needed by every start after it: bench/.out/data, kept beside the co-ops' files.
  const dataDir = join(o.out, 'data');
  mkdirSync(dataDir, { recursive: true });
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the measured server alone.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = await startServerProcess({ DATABASE_URL: o.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, { timeoutMs: 600_000, nodeArgs });
  try {
    const cookies = new Map<string, string>();
    for (const email of new Set([...pages, home].flatMap((p) => p.targets.map((t) => t.email)))) cookies.set(email, await signIn(server.base, email, o.password));
    console.log(`Signed in ${cookies.size} people through the sign-in form`);
    const first = home.targets[0];
    if (!first) throw new Error('no page for the bare server');
    const agent = new Agent({ keepAlive: false });
    const dashboard = await get(server.base, agent, first.path, cookies.get(first.email) as string);
    agent.destroy();
    return { o, database, loadAverage, pages, home, base: server.base, cookies, dashboard, stop: async () => { await server.stop(); } };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** One page of an open co-op, under load. */
export async function measurePage(coop: OpenCoop, page: Page): Promise<PageFigures> {
  const visits: Visit[] = page.targets.map((t) => ({ path: t.path, cookie: coop.cookies.get(t.email) as string, expect: t.expect }));
  const result = await measure(`${page.name}${coop.o.scale === null ? '' : ` s${coop.o.scale}`}`, coop.base, visits, coop.o.clients, coop.o.seconds);
  return { name: page.name, people: new Set(page.targets.map((t) => t.email)).size, ...result };
}

/** The reference page (as the same people as home: the same session look-up, one indexed read) and the bare server, each on its own. */
export async function measureComparisons(coop: OpenCoop): Promise<{ reference: LoadResult; bare: LoadResult }> {
  const { o } = coop;
  const reference = await referenceServer(o.url);
  let referenceResult: LoadResult;
  try {
    const visits: Visit[] = coop.home.targets.map((t) => ({ path: REFERENCE_PATH, cookie: coop.cookies.get(t.email) as string, expect: REFERENCE_HEADING }));
    referenceResult = await measure('reference page', reference.base, visits, o.clients, o.seconds);
  } finally {
    await reference.stop();
  }
  const bare = await bareServer(coop.dashboard.raw, coop.dashboard.headers);
  try {
    return { reference: referenceResult, bare: await measure('bare node:http', bare.base, [{ path: '/', cookie: '', expect: '' }], o.clients, o.seconds) };
  } finally {
    await bare.stop();
  }
}

export const figuresOf = (coop: OpenCoop, pages: PageFigures[], comparisons: { reference: LoadResult; bare: LoadResult }): RunFigures =>
  ({ scale: coop.o.scale, database: coop.database, clients: coop.o.clients, at: new Date().toISOString(), loadAverage: coop.loadAverage, pages, ...comparisons });

/** Every page of one co-op, one after the other, then the reference page and the bare server. */
export async function benchmarkCoop(o: RunOptions): Promise<RunFigures> {
  const coop = await openCoop(o);
  const figures: PageFigures[] = [];
  try {
    for (const page of coop.pages) figures.push(await measurePage(coop, page));
  } finally {
    await coop.stop();
  }
  return figuresOf(coop, figures, await measureComparisons(coop));
}
