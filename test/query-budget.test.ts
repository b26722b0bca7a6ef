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
import { demoPeople } from '../src/demo/seed.ts';
import { type Database, openDatabase } from '../src/platform/db.ts';
import { Client, testApp } from './support/app.ts';
import { freshDemoDatabase } from './support/db.ts';
import { DEMO_PASSWORD } from './support/demo-db.ts';
import { type PageCost, crawl } from './support/page-crawl.ts';

/** The budget of a page without a line below. */
const DEFAULT_BUDGET = 8;

// Why a page sends more than 8, the reasons the pages below share (from each page's statements,
// printed by this test's table; issue 20 keeps them to be cut down). A team's facts are one
// statement and a circle's standing one (ADR 0028): what is left is each page's own work.
/** A care page reads the team's care facts (the team's facts with its joins and its Local Circle's Coach and Leader hats: one statement). */
const CARE_FACTS = "the team's care facts for who may see it (one statement: the team with its members, hats and joins, and its Local Circle's Coaches and Leader, ADR 0039)";
/** And a care record read is written to the access log. */
const CARE_READ = `${CARE_FACTS}; the read of a care record written to the access log (one statement: the database locks the chain, reads its end and appends, ADR 0038)`;
const HOME = "what needs the person now, each from its module's own rule asked once over all the person's teams and circles (ADR 0029): care logs waiting (the teams, the logs with their supporters' names, every team's care facts at once, the access-log rows in one append: four), consent rounds, selections, joins (and the teams' facts at once), doses (each MAR the person holds, at most five, read as its page is), concerns (three), hat terms, reviews, votes (one, with whether they are a member); then their visits with who is coming (one), chats (three), credits and the teams they own (one)";
const PROPOSAL = "the proposal with its versions, questions, reactions, answers and the names they show (one prepared statement, ADR 0038), the asker's standing in the circle, its mandate and meetings";
/** A form page reads what its initial values and its view need once per request (formPage's load). */
const READ_ONCE = 'read once for the form and its view';

/**
 * Pages with a budget of their own, each with why: the most one request of it sent on the demo.
 * Most are allowed more than the default; the few below it are pages issue 20 cut, held where
 * they are so that they do not slip back.
 */
const budgets: Record<string, { max: number; why: string }> = {
  '/': { max: 22, why: `${HOME}, and open survey rounds` },
  '/survey/rounds/:id/results': { max: 17, why: "this round's and the last round's answers by group, domain and statement, the teams the reader is in (names shown only for them)" },
  '/survey/rounds/:id/results.csv': { max: 17, why: 'the same as the results page' },
  '/concerns/:id': { max: 11, why: "the concern, its team's support facts (one statement, again for the viewers a handler may add, with the Local Circle's members), the read written to the access log (one), its steps, the names and who has read it" },
  '/proposals/:id/effects/new': { max: 10, why: `${PROPOSAL}; the people to name found by one search (the circles within, the first 25)` },
  '/concerns': { max: 12, why: "each list (concerns, conflicts): the teams the person may see it for, its page of rows, those teams' support facts at once (one statement); the concerns' added viewers in one; the teams they may raise for (their circles, the teams they own, the teams they wear a support hat for, named)" },
  '/teams/:id/care-logs': { max: 7, why: `${CARE_READ}; for a reader outside the team, their grant; the page of logs with their supporters' names, the team's and the co-op's auto-confirm setting` },
  '/teams/:id/money/statements': { max: 8, why: `${CARE_FACTS}; the month's priced logs, rates and expenses with the two commons settings in one statement; the read written to the access log (one)` },
  '/teams/:id/money/statements.csv': { max: 8, why: 'the same as the statement page' },
  '/care-logs/:id': { max: 7, why: `the log (one read), ${CARE_READ}; its versions, corrections and names (a grant is looked up only for a reader with no other reason to read it)` },
  '/enquiries/:id': { max: 9, why: "the enquiry, who holds the roles that may read it, the read written to the access log (one), the circle, the person, the team and whether it manages itself" },
  '/circles/:id': { max: 9, why: "the circle with the asker's standing and its hats (one statement), its page of members with links and hats (two), the way up, the circles within, its proposals, reviews due and meeting" },
  '/credits/pools/:id/pay': { max: 9, why: "the pool, its allowances and what was paid from them, the asker's standing in its circle, and the people to choose from (the person's circles, the circles within, one search)" },
  // Cut to the default or below by issue 20's work on statements, and held there.
  '/proposals/:id': { max: 7, why: PROPOSAL },
  '/teams/:id': { max: 3, why: "the team's facts with its members and hats (one statement), and around them its joins, Promise, notices, care-map connections and Local Circle (one, ADR 0039)" },
  '/teams/:id/care-map': { max: 3, why: "the same two statements as the team page" },
  '/proposals/:id/amend': { max: 4, why: PROPOSAL },
  '/teams/:id/mar': { max: 6, why: `${CARE_READ}; the medicines, the doses and who recorded them` },
  '/conflicts/:id': { max: 7, why: "the conflict, its team's support facts (one statement), the read written to the access log (one), its steps, the names and who has read it" },
  '/expenses/:id/receipt': { max: 5, why: `the expense, ${CARE_FACTS}, the receipt, the read written to the access log (one)` },
  '/circles/:id/board': { max: 7, why: "the circle, who holds its roles (two), the read written to the access log (one), the board's records" },
  '/care-logs': { max: 5, why: "the teams whose logs wait for the person, the logs with their supporters' names, every team's care facts at once (one statement), the reads written to the access log in one append" },
  '/money/statements/worker': { max: 8, why: "the month's priced logs, rates and expenses with the two commons settings in one statement, the teams worked for, and their reads written to the access log in one append" },
  '/money/statements/worker.csv': { max: 8, why: 'the same as the statement page' },
  '/notes/:id/amend': { max: 6, why: "the note and its team's facts, read once for the form's one logged read (one statement), which checks first that the reader may change it; its versions and names" },
  '/teams/:id/visits': { max: 6, why: `${CARE_FACTS}; the week's visits, their supporters, every name shown in one statement, the team's promise` },
  '/teams/:id/visits/new': { max: 6, why: 'the same as the rota it sits beside' },
  '/teams/:id/care-logs/settings': { max: 5, why: `${CARE_FACTS}, for a reader outside the team their grant, the team's and the co-op's setting: ${READ_ONCE}` },
  '/notes/:id/readership': { max: 4, why: `the note, its team's facts and the names to choose from, ${READ_ONCE}` },
  '/visits': { max: 2, why: 'the session, and the page of visits with who is coming, named, in one statement (ADR 0032)' },
  '/membership/settings': { max: 2, why: "every co-op setting in one statement (the Members' Circle's among them)" },
};

/**
 * "No page renders more than about 100 rows" (issue 20): a page's longest list (a table's rows,
 * a list's items or a select's options; page-crawl.ts) may be a page of 100 and a header row.
 */
const MAX_ROWS = 105;

const budgetOf = (pattern: string) => budgets[pattern]?.max ?? DEFAULT_BUDGET;

/**
 * Pages whose statements still grow with the co-op, each with its issue: allowed only while
 * that issue is open, so the growth test keeps failing for any page not listed here.
 */
const knownGrowth: Record<string, string> = {
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
    database = await freshDemoDatabase(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
    const t = await testApp(database);
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

  test(`no page shows a list longer than ${MAX_ROWS} rows, at either size`, () => {
    const longest = [...crawled.flat()].filter((p) => p.status === 200).sort((a, b) => b.rows - a.rows);
    console.log(`the longest lists:\n${longest.slice(0, 8).map((p) => `${String(p.rows).padStart(4)}  ${p.path}`).join('\n')}`);
    assert.deepEqual(longest.filter((p) => p.rows > MAX_ROWS).map((p) => `${p.path}: ${p.rows} rows`), []);
  });
});
