// `npx tsx bench/pages/plans.ts [--scale N] [--url postgres://...] [--times 8]`: which of the
// pages' named prepared statements PostgreSQL plans again on every run. The app runs in this
// process on one connection; each benchmarked page is asked `times` times as its first person,
// then pg_prepared_statements of that connection says, for every named statement, how many
// runs had a generic plan (planned once) and how many a custom plan (planned for that run).
import { parseArgs } from 'node:util';
import { Client, testApp } from '../../test/support/app.ts';
import { openDatabase } from '../../src/platform/db.ts';
import { coopIds, findPages } from './targets.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    scale: { type: 'string', default: '1' },
    password: { type: 'string', default: 'bench password 1' },
    times: { type: 'string', default: '8' },
  },
});
const tag = (values.scale as string).replace('.', '_');
const url = values.url ?? `postgres://postgres@127.0.0.1:5432/carecircles_bench_s${tag}`;
const pages = await findPages(url, 1, coopIds(`bench/.out/coop-s${tag}.json`));
const database = await openDatabase({ databaseUrl: url, poolSize: 1 });
const t = await testApp(database);
for (const page of pages) {
  const target = page.targets[0];
  if (!target) continue;
  const client = new Client(t.app);
  await client.signIn(target.email, values.password);
  for (let i = 0; i < Number(values.times); i++) {
    const res = await client.get(target.path);
    if (res.statusCode !== 200) throw new Error(`${page.name} ${target.path}: ${res.statusCode}`);
  }
}
const rows = await database.query<{ name: string; generic_plans: string; custom_plans: string; statement: string }>(
  'SELECT name, generic_plans, custom_plans, statement FROM pg_prepared_statements ORDER BY custom_plans DESC, name',
);
console.log('custom  generic  statement');
for (const r of rows) console.log(`${String(r.custom_plans).padStart(6)}  ${String(r.generic_plans).padStart(7)}  ${r.name.slice(0, 40).padEnd(40)} ${r.statement.replace(/\s+/g, ' ').slice(0, 90)}`);
await t.app.close();
