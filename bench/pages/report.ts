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
  /** The reference page (reference-server.tsx) in the same run; absent in runs saved before it existed. */
  reference?: LoadResult;
  bare: LoadResult;
}

/** A page's rate as a share of another's (the reference page's, the bare server's). */
export const rateRatio = (page: LoadResult, base: LoadResult | undefined) => (base && base.perSecond > 0 ? page.perSecond / base.perSecond : 0);

const ms = (n: number) => n.toFixed(1).padStart(7);

export function printTable(run: RunFigures): void {
  console.log(`\n${'page'.padEnd(16)} ${'people'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'req/s'.padStart(7)} ${'÷ ref'.padStart(6)} ${'÷ bare'.padStart(6)} ${'bytes'.padStart(7)} ${'requests'.padStart(8)}  not the page`);
  const line = (name: string, people: string, r: LoadResult) =>
    console.log(`${name.padEnd(16)} ${people.padStart(6)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.p99)} ${r.perSecond.toFixed(0).padStart(7)} ${rateRatio(r, run.reference).toFixed(2).padStart(6)} ${rateRatio(r, run.bare).toFixed(3).padStart(6)} ${String(r.bytes).padStart(7)} ${String(r.requests).padStart(8)}  ${badAnswers(r) ? describeBad(r) : '0'}`);
  for (const p of run.pages) line(p.name, String(p.people), p);
  if (run.reference) line('reference page', '-', run.reference);
  line('bare node:http', '-', run.bare);
}

const describeBad = (r: LoadResult) =>
  [...Object.entries(r.failures).map(([status, n]) => `${n} × ${status}`), ...(r.wrongBodies ? [`${r.wrongBodies} wrong bodies`] : [])].join(', ');

/** Each target of issues 8 and 20, held or not, in words. Returns whether all that could be checked hold. */
export function printTargets(run: RunFigures, scaleOne: RunFigures | null): boolean {
  const home = run.pages.find((p) => p.name === 'home');
  let allHold = true;
  const say = (holds: boolean, text: string) => {
    if (!holds) allHold = false;
    console.log(`  ${holds ? 'holds' : 'DOES NOT HOLD'}: ${text}`);
  };
  console.log(`\nHome (dashboard) throughput / bare node:http throughput = ${home ? rateRatio(home, run.bare).toFixed(3) : '-'}`);
  console.log('\nTargets (issues 8 and 20):');
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
  if (run.reference) {
    const low = run.pages.filter((p) => rateRatio(p, run.reference) < (p.name === 'home' ? 0.8 : 0.5));
    say(low.length === 0, `every page at least 0.5 of the reference page's rate, home 0.8${low.length ? `; under it: ${low.map((p) => `${p.name} ${rateRatio(p, run.reference).toFixed(2)}`).join(', ')}` : ''}`);
  }
  return allHold;
}

/** The page whose rate is the smallest share of the reference page's. */
export function worstReference(run: RunFigures): { name: string; ratio: number } | null {
  const ratios = run.pages.map((p) => ({ name: p.name, ratio: rateRatio(p, run.reference) }));
  return run.reference ? ratios.reduce<{ name: string; ratio: number } | null>((w, r) => (!w || r.ratio < w.ratio ? r : w), null) : null;
}

/**
 * Growth mode: each page's p95 at every scale, its growth from the smallest scale to the largest,
 * and the two lines the issue asks for. Returns whether the worst growth is within the bar (1.5).
 */
export function printGrowth(runs: RunFigures[]): boolean {
  const small = runs[0] as RunFigures;
  const large = runs.at(-1) as RunFigures;
  const head = runs.map((r) => `p95 s${r.scale}`.padStart(11)).join(' ');
  console.log(`\n${'page'.padEnd(16)} ${head} ${'growth'.padStart(7)} ${'÷ ref'.padStart(6)}`);
  let worst: { name: string; ratio: number } | null = null;
  for (const page of large.pages) {
    const before = small.pages.find((p) => p.name === page.name);
    const growth = before && before.p95 > 0 ? page.p95 / before.p95 : 0;
    if (before && (!worst || growth > worst.ratio)) worst = { name: page.name, ratio: growth };
    const cells = runs.map((r) => ms(r.pages.find((p) => p.name === page.name)?.p95 ?? Number.NaN).padStart(11)).join(' ');
    console.log(`${page.name.padEnd(16)} ${cells} ${growth.toFixed(2).padStart(7)} ${rateRatio(page, large.reference).toFixed(2).padStart(6)}`);
  }
  const reference = worstReference(large);
  console.log('');
  console.log(`worst growth: ${worst ? `${worst.name} ${worst.ratio.toFixed(2)}` : '-'}`);
  console.log(`worst reference ratio: ${reference ? `${reference.name} ${reference.ratio.toFixed(2)}` : '-'}`);
  const goal = (worst?.ratio ?? 0) <= 1.2 ? 'within the goal (1.2)' : (worst?.ratio ?? 0) <= 1.5 ? 'within the bar (1.5), not the goal (1.2)' : 'OVER the bar (1.5)';
  console.log(`  (p95 at scale ${large.scale} ÷ p95 at scale ${small.scale}: ${goal}; the reference ratio is at scale ${large.scale})`);
  return (worst?.ratio ?? 0) <= 1.5;
}

export function save(file: string, run: RunFigures): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(run, (key, value) => (key === 'samples' ? undefined : value), 2)}\n`);
}

export const load = (file: string): RunFigures | null => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunFigures) : null);
