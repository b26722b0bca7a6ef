// The query budget (issue 20, ADR 0023): every page every demo person can reach from home, and
// the SQL statements one request of it sends. A page fails when it sends more than its budget,
// or when it sends more on a co-op ten times larger (work that grows with the co-op: a query per
// row, per member, per circle).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { generateCoop } from '../bench/data/generate.ts';
import { PASSWORD as BENCH_PASSWORD } from '../bench/data/plan.ts';
import { seedDemo } from '../src/demo/index.ts';
import { demoPeople } from '../src/demo/seed.ts';
import { type Database, openDatabase } from '../src/platform/db.ts';
import { Client, testApp } from './support/app.ts';
import { freshDatabase } from './support/db.ts';
import { type PageCost, crawl } from './support/page-crawl.ts';

const DEMO_PASSWORD = 'demo password 1';
/** The budget of a page without a line below. */
const DEFAULT_BUDGET = 8;

// Why a page sends more than 8, the reasons the pages below share (from each page's statements,
// printed by this test's table; issue 20 keeps them to be cut down).
/** A team's page first reads the team's facts to decide who may see it. */
const TEAM_FACTS = "the team's facts for who may see it: the circle, its settings, members, the links of circles within, hats and holders (8 statements) before its own";
/** And a care record read is written to the access log. */
const CARE_READ = `${TEAM_FACTS}; the read of a care record written to the access log (lock, last entry, insert)`;
/** A list over the person's teams reads each team's facts in turn. */
const PER_TEAM = "each concern or conflict's team facts read in turn (8 statements a team): grows with the concerns a person may see";
/** A list over the person's circles asks who is in each, one circle at a time. */
const PER_CIRCLE = "who is in each of the person's circles, asked one circle at a time (members, links, hats): grows with the circles a person is in";
const CIRCLE_FACTS = "the circle's members, links and hats for the asker's standing before the page's own";
const CIRCLE_PAGE = 'the circle, its page of members with links and hats, the circles within, its proposals and meetings';
const HOME = "what needs the person now, each from its module's own rule (care logs, consent rounds, selections, joins, doses, concerns, hat terms, reviews, votes), then their visits, chats and credits";
const PROPOSAL = "the proposal, its versions, questions, reactions and responses (prepared), the circle's members and hats for the asker's standing, its mandate and meetings";

/** Pages allowed more than the default, each with why: the most one request of it sent on the demo. */
const budgets: Record<string, { max: number; why: string }> = {
  '/': { max: 62, why: `${HOME}, and open survey rounds` },
  '/concerns': { max: 49, why: PER_TEAM },
  '/concerns/:id': { max: 42, why: PER_TEAM },
  '/teams/:id/care-logs/settings': { max: 37, why: TEAM_FACTS },
  '/teams/:id/concerns/new': { max: 31, why: PER_TEAM },
  '/teams/:id/conflicts/new': { max: 31, why: PER_TEAM },
  '/teams/:id/money/rates': { max: 26, why: TEAM_FACTS },
  '/care-logs/:id': { max: 25, why: CARE_READ },
  '/teams/:id/medicines/new': { max: 25, why: CARE_READ },
  '/notes/:id/amend': { max: 25, why: CARE_READ },
  '/teams/:id/care-logs': { max: 24, why: CARE_READ },
  '/care-logs': { max: 23, why: PER_CIRCLE },
  '/conflicts/:id': { max: 22, why: PER_TEAM },
  '/teams/:id/money/statements': { max: 22, why: TEAM_FACTS },
  '/teams/:id/money/statements.csv': { max: 22, why: TEAM_FACTS },
  '/teams/:id/profile/edit': { max: 21, why: CARE_READ },
  '/notes/:id/readership': { max: 21, why: CARE_READ },
  '/proposals/:id/effects/new': { max: 20, why: PROPOSAL },
  '/teams/:id/mar': { max: 19, why: CARE_READ },
  '/teams/:id/notes/new': { max: 19, why: CARE_READ },
  '/teams/:id/visits': { max: 18, why: TEAM_FACTS },
  '/teams/:id/visits/new': { max: 18, why: TEAM_FACTS },
  '/people/:id/giving-profile': { max: 18, why: PER_CIRCLE },
  '/expenses/:id/receipt': { max: 18, why: TEAM_FACTS },
  '/visits/:id': { max: 17, why: CARE_READ },
  '/teams/:id/invite': { max: 17, why: TEAM_FACTS },
  '/teams/:id/care-logs/new': { max: 18, why: `${TEAM_FACTS}; the resolvers and a special-access grant, as its POST asks` },
  '/money': { max: 16, why: PER_CIRCLE },
  '/proposals/:id': { max: 15, why: PROPOSAL },
  '/circles/:id': { max: 19, why: `${CIRCLE_PAGE}; which forms the asker may open (add a member, define a hat), so none is offered that refuses` },
  '/teams/:id/money': { max: 15, why: TEAM_FACTS },
  '/money/expenses/:id': { max: 15, why: TEAM_FACTS },
  '/notes/:id': { max: 15, why: CARE_READ },
  '/matching/teams/:id': { max: 14, why: CARE_READ },
  '/teams/:id/profile': { max: 13, why: CARE_READ },
  '/teams/:id/joins/:joinId': { max: 13, why: TEAM_FACTS },
  '/teams/:id/money/expenses': { max: 13, why: TEAM_FACTS },
  '/credits/pools/:id/pay': { max: 12, why: CIRCLE_FACTS },
  '/teams/:id': { max: 15, why: `${TEAM_FACTS}; the circle of support's people, hats and connections` },
  '/teams/:id/care-map': { max: 12, why: `${TEAM_FACTS}; the circle of support's people, hats and connections` },
  '/teams/:id/care-map/connections/:connectionId': { max: 19, why: `${TEAM_FACTS}; the connection, and the map drawn beside its form` },
  '/survey/rounds/:id': { max: 10, why: "the round, its statement set, the asker's invitation and groups, and the teams they may answer about" },
  '/survey/rounds/:id/results': { max: 20, why: "this round's and the last round's answers by group, domain and statement, the teams the reader is in (names shown only for them)" },
  '/survey/rounds/:id/results.csv': { max: 20, why: 'the same as the results page' },
  '/teams/:id/notes': { max: 12, why: CARE_READ },
  '/teams/:id/promise': { max: 12, why: TEAM_FACTS },
  '/proposals/:id/amend': { max: 12, why: PROPOSAL },
  '/money/statements/worker': { max: 11, why: PER_CIRCLE },
  '/matching': { max: 11, why: PER_CIRCLE },
  '/money/statements/worker.csv': { max: 11, why: PER_CIRCLE },
  '/logbook/:id/review': { max: 11, why: CIRCLE_FACTS },
  '/logbook/:id': { max: 10, why: CIRCLE_FACTS },
  '/enquiries/:id': { max: 11, why: TEAM_FACTS },
  '/membership/settings': { max: 10, why: CIRCLE_FACTS },
  '/credits/pools/:id': { max: 10, why: CIRCLE_FACTS },
  '/teams/:id/leave': { max: 9, why: TEAM_FACTS },
  '/circles/:id/board': { max: 9, why: CIRCLE_FACTS },
};

const budgetOf = (pattern: string) => budgets[pattern]?.max ?? DEFAULT_BUDGET;

/**
 * Pages whose statements still grow with the co-op, each with its issue: allowed only while
 * that issue is open, so the growth test keeps failing for any page not listed here.
 */
const knownGrowth: Record<string, string> = {
  '/': 'issue 20: home (Today) sent 46 statements at 0.005 and 115 at 0.05 for the busiest people: its sources ask circle by circle and team by team (hat holders, joins), to be bounded',
  '/care-logs': 'issue 20: the logs waiting for the person are read team by team, over every team they are in',
  '/care-logs/:id': 'issue 20: one statement more on the larger co-op (23 to 25), not yet traced',
  '/credits/statement.csv': 'issue 20: the whole history as CSV, read a batch at a time: an export grows with what it exports',
  '/credits/pools/:id/statement.csv': 'issue 20: the whole history as CSV, read a batch at a time: an export grows with what it exports',
};

/** The most statements each route pattern sent, over every page and person, with the page that sent them. */
function worst(pages: PageCost[]): Map<string, PageCost> {
  const most = new Map<string, PageCost>();
  for (const p of pages) if (p.status === 200 && (most.get(p.pattern)?.statements.length ?? -1) < p.statements.length) most.set(p.pattern, p);
  return most;
}

const table = (most: Map<string, PageCost>) =>
  [...most.values()].sort((a, b) => b.statements.length - a.statements.length).map((p) => `${String(p.statements.length).padStart(3)}  ${p.pattern}  (${p.path})`).join('\n');

describe('query budget: every page of the demo, as every demo person', () => {
  let database: Database;
  const pages: PageCost[] = [];

  before(async () => {
    database = await freshDatabase(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
    const t = await testApp(database);
    await seedDemo({ database, clock: t.clock }, DEMO_PASSWORD);
    for (const person of demoPeople) {
      const client = new Client(t.app);
      const res = await client.signIn(person.email, DEMO_PASSWORD);
      assert.equal(res.statusCode, 303, `${person.email} signs in`);
      pages.push(...(await crawl(t.app, client, { perPattern: 2, limit: 120 })));
    }
    await t.app.close();
  });
  after(async () => database?.close());

  test('every page answers, and none sends more statements than its budget', () => {
    const most = worst(pages);
    console.log(`${pages.length} pages, ${most.size} route patterns:\n${table(most)}`);
    const broken = pages.filter((p) => p.status >= 500);
    assert.deepEqual(broken.map((p) => `${p.status} ${p.path}`), []);
    const over = [...most.values()].filter((p) => p.statements.length > budgetOf(p.pattern));
    assert.deepEqual(over.map((p) => `${p.pattern}: ${p.statements.length} statements (budget ${budgetOf(p.pattern)}) on ${p.path}`), []);
  });
});

/** Every page the synthetic co-op's sample people reach from home, and what each cost. */
async function crawlCoop(url: string, emails: string[]): Promise<PageCost[]> {
  const database = await openDatabase({ databaseUrl: url, poolSize: 3 });
  const t = await testApp(database);
  try {
    const pages: PageCost[] = [];
    for (const email of emails) {
      const client = new Client(t.app);
      assert.equal((await client.signIn(email, BENCH_PASSWORD)).statusCode, 303, `${email} signs in`);
      pages.push(...(await crawl(t.app, client, { perPattern: 2, limit: 80 })));
    }
    return pages;
  } finally {
    await t.app.close();
    await database.close();
  }
}

// The same co-op at two sizes ten times apart (bench:data's generator, seeded, so the larger is
// the smaller grown: more people, circles, teams, logs, transfers and messages), the same sample
// people (an admin, a busy team's owner, a paid worker, a volunteer, a big circle's member)
// walking it. PostgreSQL only: the generator loads through COPY on its own database.
const adminUrl = process.env.TEST_DATABASE_URL;
describe('query budget: the same pages on a co-op ten times larger send no more statements', { skip: adminUrl ? false : 'needs TEST_DATABASE_URL: the co-op generator loads PostgreSQL itself' }, () => {
  const SMALL = 0.005;
  const urls: string[] = [];
  const crawled: PageCost[][] = [];

  before(async () => {
    const template = process.env.CC_TEST_PG_TEMPLATE;
    for (const scale of [SMALL, SMALL * 10]) {
      const url = Object.assign(new URL(adminUrl as string), { pathname: `/budget_${randomBytes(6).toString('hex')}` }).toString();
      urls.push(url);
      const report = await generateCoop({ url, scale, verify: false, showProgress: false, now: new Date('2026-01-05T00:00:00Z'), workers: 1, ...(template ? { template } : {}) });
      crawled.push(await crawlCoop(url, Object.values(report.people).map((p) => p.email)));
    }
  });
  after(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    for (const url of urls) await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  });

  test('no page sends more statements at ten times the size', () => {
    const [small, large] = crawled.map(worst) as [Map<string, PageCost>, Map<string, PageCost>];
    console.log(`scale ${SMALL * 10}, ${large.size} route patterns:\n${table(large)}`);
    const grown = [...large.values()].filter((p) => p.statements.length > (small.get(p.pattern)?.statements.length ?? Infinity));
    const unexpected = grown.filter((p) => !knownGrowth[p.pattern]);
    for (const p of grown.filter((g) => knownGrowth[g.pattern])) console.log(`known growth (${knownGrowth[p.pattern]}): ${p.pattern} ${small.get(p.pattern)?.statements.length} → ${p.statements.length}`);
    assert.deepEqual(unexpected.map((p) => `${p.pattern}: ${small.get(p.pattern)?.statements.length} statements at scale ${SMALL}, ${p.statements.length} at ${SMALL * 10} (${p.path})`), []);
    // The budgets are the demo's (above): the sample people here are in far more circles and
    // teams than anyone in the demo (the worker in five of the busiest teams), so the pages that
    // ask circle by circle send more for them at either size; that is printed, not failed.
    const over = [...large.values()].filter((p) => p.statements.length > budgetOf(p.pattern));
    for (const p of over) console.log(`over the demo's budget here (${budgetOf(p.pattern)}): ${p.pattern} ${p.statements.length}`);
  });
});
