// `npm run bench:pages`: the main pages under load, each as the people who would open it, on
// a synthetic co-op (bench:data) or any PostgreSQL database, beside a bare node:http server
// answering the dashboard's bytes in the same run (the ceiling on this machine).
//
//   npm run bench:pages -- [--scale 1] [--url postgres://...] [--clients 16] [--seconds 10]
//                          [--password 'bench password 1'] [--only home,team]
//
// `--scale N` benchmarks carecircles_bench_s<N> and takes its busy team, big circle and proposal
// from bench/.out/coop-s<N>.json; `--url` names another database (with --scale too: a co-op
// bench:data loaded elsewhere). The server
// is a real `carecircles serve` process; the clients run in this process, one kept-alive
// connection each, signed in through the sign-in form.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServerProcess } from '../test/support/server-process.ts';
import { get, signIn } from './pages/http.ts';
import { type Visit, badAnswers, load } from './pages/load.ts';
import { type PageFigures, type RunFigures, load as loadRun, printTable, printTargets, save } from './pages/report.ts';
import { coopIds, findPages } from './pages/targets.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string' },
    url: { type: 'string' },
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    password: { type: 'string', default: 'bench password 1' },
    only: { type: 'string' },
  },
});
const scale = values.scale ? Number(values.scale) : null;
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const warmSeconds = Math.min(3, Math.max(1, seconds / 5));
/** How bench:data names a scale in its database and files: the dot in 0.1 as _. */
const tag = scale === null ? null : String(scale).replace('.', '_');
const url = values.url ?? (tag ? `postgres://postgres@127.0.0.1:5432/carecircles_bench_s${tag}` : null);
if (!url) throw new Error('say which co-op: --scale N (carecircles_bench_s<N>) or --url postgres://...');
const out = join(import.meta.dirname, '.out');

/** The bare server in its own process, as the application server is: nothing shares its event loop. */
async function bareServer(body: Buffer, headers: Record<string, string | string[] | undefined>) {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-pages-'));
  const file = join(dir, 'page');
  writeFileSync(file, body);
  const encoding = typeof headers['content-encoding'] === 'string' ? [headers['content-encoding']] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'pages', 'bare-server.ts'), file, String(headers['content-type']), ...encoding], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
    child.stdout.on('data', (d: Buffer) => {
      const found = /listening on (\d+)/.exec(d.toString());
      if (found) resolve(Number(found[1]));
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }),
  };
}

async function main() {
  const loadAverage = loadavg()[0] ?? 0;
  const database = new URL(url as string).pathname.slice(1);
  console.log(`Page benchmark: ${database}, ${clients} clients, ${seconds} s per page (after ${warmSeconds} s warm-up)`);
  console.log(`Load average ${loadAverage.toFixed(2)} on ${availableParallelism()} cores before the run\n`);

  const only = values.only?.split(',');
  const pages = (await findPages(url as string, clients, tag ? coopIds(join(out, `coop-s${tag}.json`)) : {})).filter((p) => !only || only.includes(p.name));
  const server = await startServerProcess({ DATABASE_URL: url as string, LOG_LEVEL: 'warn' });
  const figures: PageFigures[] = [];
  let dashboard: Awaited<ReturnType<typeof get>> | undefined;
  try {
    const cookies = new Map<string, string>();
    for (const email of new Set(pages.flatMap((p) => p.targets.map((t) => t.email)))) cookies.set(email, await signIn(server.base, email, values.password as string));
    console.log(`Signed in ${cookies.size} people through the sign-in form`);

    for (const page of pages) {
      const visits: Visit[] = page.targets.map((t) => ({ path: t.path, cookie: cookies.get(t.email) as string, expect: t.expect }));
      const warm = await load(server.base, visits, clients, warmSeconds);
      if (badAnswers(warm)) console.log(`  ${page.name}: not the page during warm-up: ${warm.firstFailure}`);
      const result = await load(server.base, visits, clients, seconds);
      figures.push({ name: page.name, people: new Set(page.targets.map((t) => t.email)).size, ...result });
      console.log(`  ${page.name.padEnd(15)} p95 ${result.p95.toFixed(1).padStart(6)} ms  ${result.perSecond.toFixed(0).padStart(5)} /s  ${page.targets[0]?.path}${result.firstFailure ? `\n    not the page: ${result.firstFailure}` : ''}`);
      if (page.name === 'home' && visits[0]) {
        const agent = new Agent({ keepAlive: false });
        dashboard = await get(server.base, agent, visits[0].path, visits[0].cookie);
        agent.destroy();
      }
    }
  } finally {
    await server.stop();
  }

  // The ceiling: the dashboard's own bytes and headers from a bare server, same clients, same run.
  if (!dashboard) throw new Error('the home page was not benchmarked, so there is no page for the bare server');
  const bare = await bareServer(dashboard.raw, dashboard.headers);
  const bareVisits: Visit[] = [{ path: '/', cookie: '', expect: '' }];
  await load(bare.base, bareVisits, clients, warmSeconds);
  const bareResult = await load(bare.base, bareVisits, clients, seconds);
  await bare.stop();

  const run: RunFigures = { scale, database, clients, at: new Date().toISOString(), loadAverage, pages: figures, bare: bareResult };
  printTable(run);
  const allHold = printTargets(run, scale && scale > 1 ? loadRun(join(out, 'pages-s1.json')) : null);
  // Only a run of every page is kept for the scale comparison.
  if (tag && !only) save(join(out, `pages-s${tag}.json`), run);
  const bad = figures.reduce((n, p) => n + badAnswers(p), 0);
  if (bad) {
    console.log(`\n${bad} answers were not the real page: these figures time error pages, not the pages.`);
    process.exitCode = 1;
  } else console.log(`\nEvery answer was a 200 with the real page.${allHold ? '' : ' Not every target holds (above).'}`);
}

await main();
