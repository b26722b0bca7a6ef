// `npm run bench:data -- --scale N [--url postgres://...] [--now 2026-11-23] [--workers 2] [--no-verify]`
//
// Loads a large synthetic co-op into PostgreSQL, for the page benchmarks. It DROPS and recreates
// the database (default postgres://postgres@127.0.0.1:5432/carecircles_bench_s<N>, the dot in N
// as _), migrates it with the app's migrate(), loads it in bulk and prints what it loaded, the
// time of each phase and the database's size; it writes the same, with sample people and ids,
// to bench/.out/coop-s<N>.json (with --url: coop-<database>.json). Any error exits non-zero.
//
// What scale 1 holds (scale 10 is ten times each; fractions work, e.g. 0.002 for the test):
// - 10,000 people. Every one signs in as person<N>@bench.example with the password
//   "bench password 1" (hashed once with the app's hashPassword, the hash shared by all).
// - 200 circles: the General Circle and the Members' Circle at the top, 20 Local Circles (a
//   place each; the largest have hundreds of members, mostly learning participants and guests),
//   working circles under them (a few under the General Circle, some nested one deeper), each
//   with its process hats held for a current term; Local Circles also have a Team Starter and a Coach.
// - 2,000 teams (circles of kind team, ADR 0009) under the Local Circles, one per owner, with
//   joins, the Promise, a Getting Support Profile and named team hats (each a logbook policy).
//   Activity is Zipf-like by rank: the busiest team has ~30,000 care logs, about ten have over
//   10,000, the median a couple of hundred; team size follows activity (most 3 to 8 members).
// - 20,000 proposals in every kind of circle: most adopted (consent rounds, some after an
//   objection and a second version) with their logbook entry and history, recent ones open,
//   some withdrawn or referred; reactions and questions on some.
// - 1,000,000 care logs with their life (pending, both sides confirming, adjusted, disputed and
//   resolved, auto-confirmed), 60% from an ended visit (with its visit and supporter); each
//   change is a version in the team's hash chain (ADR 0011). Plus cancelled and upcoming visits.
// - 2,000,000 credit transfers: an earning for every confirmed volunteer log, the rest gifts,
//   donations to each Local Circle's pool, the pools' welcome payments (citing a logbook
//   decision and its allowance), spending on extras, a few reversals; entries chained per account.
// - 500,000 chat messages, skewed like the care, with read marks.
// Dates spread over the three years before --now (default: the start of today, UTC); the co-op
// grows, so more happens lately. A seeded PRNG and ids derived from it: the same scale and the
// same --now give the same co-op, row for row.
//
// Interesting people (also in the JSON): person1 is a co-op admin (Secretary of the General and
// Members' Circles); person2 owns the busiest team; person3 is a paid worker in the five busiest
// teams (many visits and logs); person4 a volunteer in the busiest team (many credits); person5
// a Team Starter and Coach of the first Local Circle, normally the largest (bigCircleMember).
//
// Triggers: the load runs with session_replication_role = replica, so the append-only and
// deferred ledger triggers and the foreign-key checks do not fire row by row. Every row written
// would satisfy them: the test loads a small co-op with them all firing, and every run ends with
// verifyLedger, verifyCareLogs and verifyAccessLog (what `carecircles verify-audit` checks).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultUrl, generateCoop } from './generate.ts';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, url: { type: 'string' }, now: { type: 'string' }, workers: { type: 'string' }, 'no-verify': { type: 'boolean', default: false } },
});
const scale = Number(values.scale);
if (!(scale > 0) || scale > 100) {
  console.error('Usage: npm run bench:data -- --scale N   (N > 0, e.g. 1, 10 or 0.002)');
  process.exit(2);
}
const url = values.url ?? defaultUrl(scale);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

try {
  console.log(`Generating the co-op at scale ${scale} into ${url} (the database is dropped first).`);
  const report = await generateCoop({
    url, scale, verify: !values['no-verify'], ...(values.now ? { now: new Date(values.now) } : {}), ...(values.workers ? { workers: Number(values.workers) } : {}),
  });
  console.log('\nLoaded:');
  for (const [table, rows] of Object.entries(report.counts).sort()) console.log(`  ${table.padEnd(28)} ${rows.toLocaleString('en-GB').padStart(12)}`);
  console.log('\nPhases:');
  console.log(`  ${'phase'.padEnd(10)} ${'wall'.padStart(10)} ${'node cpu'.padStart(10)} ${'pg cpu'.padStart(10)}`);
  const secs = (x: number | null) => (x === null ? '' : `${x.toFixed(1)} s`).padStart(10);
  for (const p of report.phases) console.log(`  ${p.phase.padEnd(10)} ${secs(p.seconds)} ${secs(p.nodeCpu)} ${secs(p.postgresCpu)}`);
  console.log(`  ${'loaded in'.padEnd(10)} ${secs(report.loadSeconds)}   (everything before verify)`);
  console.log(`  ${'total'.padEnd(10)} ${secs(report.seconds)}`);
  console.log(`\nDatabase size: ${mib(report.databaseBytes)}`);
  console.log(`Sign in as any person<N>@bench.example with "${report.password}". Samples:`);
  for (const [role, p] of Object.entries(report.people)) console.log(`  ${role.padEnd(16)} ${p.email}`);
  const out = join(import.meta.dirname, '..', '.out');
  mkdirSync(out, { recursive: true });
  // coop-s<N>.json describes the default database of that scale; any other database gets its own file.
  const file = join(out, values.url ? `coop-${new URL(url).pathname.slice(1)}.json` : `coop-s${String(scale).replace('.', '_')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Wrote ${file}`);
} catch (error) {
  console.error(`bench:data failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
}
