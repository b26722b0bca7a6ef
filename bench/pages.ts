// `npm run bench:pages`: the main pages under load, each as the people who would open it, on
// a synthetic co-op (bench:data) or any PostgreSQL database, beside two comparisons in the same
// run: the reference page (the same Fastify app answering one indexed read through the same
// layout: the least a dynamic page costs) and a bare node:http server answering the dashboard's
// bytes (the ceiling on this machine).
//
//   npm run bench:pages -- [--scale 1] [--url postgres://...] [--clients 16] [--seconds 10]
//                          [--password 'bench password 1'] [--only home,team]
//   npm run bench:pages -- --growth 0.1,1 [--clients 16] [--seconds 10] [--rounds 2]
//
// `--scale N` benchmarks carecircles_bench_s<N> and takes its busy team, big circle and proposal
// from bench/.out/coop-s<N>.json; `--url` names another database (with --scale too: a co-op
// bench:data loaded elsewhere). `--growth A,B` loads each scale that is missing (bench:data's
// generator, without its verification), benchmarks each page on each scale in turn (--rounds
// times, taking turns: growth() below; the pages asked as a busy person, as people in as many
// circles as the smallest scale's busiest: targets.ts likeForLike) and prints every page's p95
// at each scale, then
// `worst growth: <page> <ratio>` (p95 at the largest scale ÷ p95 at the smallest) and
// `worst reference ratio: <page> <ratio>` (page rate ÷ reference rate, largest scale).
// The server is a real `carecircles serve` process; the clients run in this process, one
// kept-alive connection each, signed in through the sign-in form.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { defaultUrl, generateCoop } from './data/generate.ts';
import { badAnswers, combine } from './pages/load.ts';
import { type PageFigures, type RunFigures, load as loadRun, printGrowth, printTable, printTargets, save } from './pages/report.ts';
import { type OpenCoop, benchmarkCoop, figuresOf, measureComparisons, measurePage, openCoop } from './pages/run.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string' },
    url: { type: 'string' },
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    password: { type: 'string', default: 'bench password 1' },
    only: { type: 'string' },
    growth: { type: 'string' },
    rounds: { type: 'string', default: '2' },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const only = values.only?.split(',');
/** Growth mode: how many times each page is measured on each scale, taking turns. */
const rounds = Number(values.rounds);
/** How bench:data names a scale in its database and files: the dot in 0.1 as _. */
const tagOf = (scale: number) => String(scale).replace('.', '_');
const out = join(import.meta.dirname, '.out');
const options = { clients, seconds, password: values.password as string, only, out };

/** Whether the scale's database and its ids file are there (a load cut short leaves no ids file). */
async function loaded(scale: number): Promise<boolean> {
  if (!existsSync(join(out, `coop-s${tagOf(scale)}.json`))) return false;
  const admin = new pg.Client({ connectionString: Object.assign(new URL(defaultUrl(scale)), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    return Boolean((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [`carecircles_bench_s${tagOf(scale)}`])).rowCount);
  } finally {
    await admin.end();
  }
}

/** Load a scale as `npm run bench:data -- --scale N --no-verify` would, ids file included. */
async function loadScale(scale: number): Promise<void> {
  console.log(`Loading the co-op at scale ${scale} (bench:data, without its verification)...`);
  const started = performance.now();
  const report = await generateCoop({ url: defaultUrl(scale), scale, verify: false });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `coop-s${tagOf(scale)}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Loaded scale ${scale} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

function finish(runs: RunFigures[]): void {
  const bad = runs.flatMap((r) => r.pages).reduce((n, p) => n + badAnswers(p), 0) + runs.reduce((n, r) => n + (r.reference ? badAnswers(r.reference) : 0), 0);
  if (bad) {
    console.log(`\n${bad} answers were not the real page: these figures time error pages, not the pages.`);
    process.exitCode = 1;
  } else console.log('\nEvery answer was a 200 with the real page.');
}

/**
 * Every scale's server open at once, and each page measured on each scale in turn, round after
 * round, the order turned round each round (s0.1, s1, then s1, s0.1): the machine is noisy, and
 * a burst of someone else's work then falls on both sides of a page's growth, not on one scale's
 * half of the run. A CHECKPOINT before each page, so none pays for the writes before it. Each
 * page's figures at a scale are all its rounds' answers together.
 */
async function growth(scales: number[]): Promise<void> {
  const began = performance.now();
  for (const scale of scales) if (!(await loaded(scale))) await loadScale(scale);
  const coops: OpenCoop[] = [];
  const measured = new Map<OpenCoop, PageFigures[]>();
  try {
    // The smallest co-op's busiest people set how busy the people asked at the larger scales are
    // (targets.ts likeForLike): like for like, so a page's growth is the co-op's, not the person's.
    let like: number[] | undefined;
    for (const scale of scales) {
      const coop = await openCoop({ ...options, url: defaultUrl(scale), scale, tag: tagOf(scale), like });
      like ??= coop.home.targets.map((t) => t.circles ?? 0);
      console.log(`Home, logbook search and the circle map asked as people in ${coop.home.targets.map((t) => t.circles).join(', ')} circles`);
      coops.push(coop);
    }
    console.log(`\n${rounds} rounds, taking turns between the scales page by page`);
    for (const page of (coops[0] as OpenCoop).pages) {
      const perScale: PageFigures[][] = coops.map(() => []);
      for (let round = 0; round < rounds; round++) {
        await checkpoint(defaultUrl(scales[0] as number));
        const order = round % 2 === 0 ? coops : [...coops].reverse();
        for (const coop of order) {
          const samePage = coop.pages.find((p) => p.name === page.name);
          if (samePage) perScale[coops.indexOf(coop)]?.push(await measurePage(coop, samePage));
        }
      }
      coops.forEach((coop, i) => {
        const all = perScale[i] as PageFigures[];
        if (all.length) measured.set(coop, [...(measured.get(coop) ?? []), { ...(all[0] as PageFigures), ...combine(all) }]);
      });
    }
  } finally {
    for (const coop of coops) await coop.stop();
  }
  const runs: RunFigures[] = [];
  for (const coop of coops) {
    const run = figuresOf(coop, measured.get(coop) ?? [], await measureComparisons(coop));
    printTable(run);
    if (!only) save(join(out, `pages-s${coop.o.tag}.json`), run);
    runs.push(run);
  }
  const within = printGrowth(runs);
  finish(runs);
  console.log(`Growth run took ${((performance.now() - began) / 60_000).toFixed(1)} min in all; load average ${loadavg()[0]?.toFixed(2)} at the end.`);
  if (!within) process.exitCode = 1;
}

/** Write out what earlier work left in memory, so that it is not the next measurement's cost. */
async function checkpoint(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

async function single(): Promise<void> {
  const scale = values.scale ? Number(values.scale) : null;
  const tag = scale === null ? null : tagOf(scale);
  const url = values.url ?? (scale !== null ? defaultUrl(scale) : null);
  if (!url) throw new Error('say which co-op: --scale N (carecircles_bench_s<N>), --url postgres://... or --growth A,B');
  const run = await benchmarkCoop({ ...options, url, scale, tag });
  printTable(run);
  const allHold = printTargets(run, scale && scale > 1 ? loadRun(join(out, 'pages-s1.json')) : null);
  // Only a run of every page is kept for the scale comparison.
  if (tag && !only) save(join(out, `pages-s${tag}.json`), run);
  finish([run]);
  if (!allHold) console.log('Not every target holds (above).');
}

console.log(`Load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores before the run`);
if (values.growth) {
  const scales = values.growth.split(',').map(Number).sort((a, b) => a - b);
  if (scales.length < 2 || scales.some((s) => !(s > 0))) throw new Error('--growth takes two or more scales, e.g. --growth 0.1,1');
  await growth(scales);
} else await single();
