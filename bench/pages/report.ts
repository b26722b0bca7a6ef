// The page benchmark's table, its targets said in words, and the figures kept for the next run
// (the scale-10 target compares with the scale-1 run's p95s).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type LoadResult, badAnswers } from './load.ts';

export interface PageFigures extends LoadResult {
  name: string;
  /** How many different people the clients were signed in as. */
  people: number;
}

export interface RunFigures {
  scale: number | null;
  database: string;
  clients: number;
  at: string;
  loadAverage: number;
  pages: PageFigures[];
  bare: LoadResult;
}

const ms = (n: number) => n.toFixed(1).padStart(7);

export function printTable(run: RunFigures): void {
  console.log(`\n${'page'.padEnd(16)} ${'people'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'req/s'.padStart(7)} ${'bytes'.padStart(7)} ${'requests'.padStart(8)}  not the page`);
  const line = (name: string, people: string, r: LoadResult) =>
    console.log(`${name.padEnd(16)} ${people.padStart(6)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.p99)} ${r.perSecond.toFixed(0).padStart(7)} ${String(r.bytes).padStart(7)} ${String(r.requests).padStart(8)}  ${badAnswers(r) ? describeBad(r) : '0'}`);
  for (const p of run.pages) line(p.name, String(p.people), p);
  line('bare node:http', '-', run.bare);
}

const describeBad = (r: LoadResult) =>
  [...Object.entries(r.failures).map(([status, n]) => `${n} × ${status}`), ...(r.wrongBodies ? [`${r.wrongBodies} wrong bodies`] : [])].join(', ');

/** Each target of issue 8, held or not, in words. Returns whether all that could be checked hold. */
export function printTargets(run: RunFigures, scaleOne: RunFigures | null): boolean {
  const home = run.pages.find((p) => p.name === 'home');
  const ratio = home ? home.perSecond / run.bare.perSecond : 0;
  let allHold = true;
  const say = (holds: boolean, text: string) => {
    if (!holds) allHold = false;
    console.log(`  ${holds ? 'holds' : 'DOES NOT HOLD'}: ${text}`);
  };
  console.log(`\nHome (dashboard) throughput / bare node:http throughput = ${ratio.toFixed(2)}`);
  console.log('\nTargets (issue 8):');
  const slow = run.pages.filter((p) => p.p95 >= 50);
  if (run.scale === null || run.scale <= 1) {
    const where = run.scale === 1 ? 'at scale 1' : 'on this co-op (the target is set at scale 1)';
    say(slow.length === 0, `p95 under 50 ms for every page ${where}${slow.length ? `; over it: ${slow.map((p) => `${p.name} ${p.p95.toFixed(0)} ms`).join(', ')}` : ''}`);
  }
  if (run.scale !== null && run.scale > 1) {
    if (!scaleOne) console.log(`  not checked: p95 at scale ${run.scale} against scale 1 (no scale-1 run saved in bench/.out; run --scale 1 first)`);
    else {
      const grown = run.pages.map((p) => ({ p, before: scaleOne.pages.find((q) => q.name === p.name) })).filter((x) => x.before && x.p.p95 > 1.5 * x.before.p95);
      say(grown.length === 0, `p95 at scale ${run.scale} no more than 1.5 × p95 at scale 1 (run of ${scaleOne.at})${grown.length ? `; grew more: ${grown.map((x) => `${x.p.name} ${x.before?.p95.toFixed(1)} → ${x.p.p95.toFixed(1)} ms`).join(', ')}` : ''}`);
    }
  }
  say(ratio >= 0.2, `home throughput at least 0.2 of the bare server's (${ratio.toFixed(2)})`);
  return allHold;
}

export function save(file: string, run: RunFigures): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
}

export const load = (file: string): RunFigures | null => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunFigures) : null);
