import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, type Page, chromium } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { type Clock, systemClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db.ts';
import { buildApp } from '../../src/web/app.ts';
import { freshDatabase } from './db.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** A reason to skip, or false: browser suites say plainly why they did not run. */
export const noBrowser: string | false = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}; install Debian's chromium to run browser tests`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface LiveServer {
  app: FastifyInstance;
  database: Database;
  base: string;
  deps: { database: Database; clock: Clock };
  close(): Promise<void>;
}

/** A real server on a free loopback port, with a fresh database and the real clock (or the test's own). */
export async function startServer(database?: Database, clock: Clock = systemClock): Promise<LiveServer> {
  const db = database ?? (await freshDatabase(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'));
  const port = await freePort();
  const config = loadConfig({ PORT: String(port), BASE_URL: `http://127.0.0.1:${port}`, DATA_DIR: '/tmp/unused' });
  const app = await buildApp({ config, database: db, clock });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    database: db,
    base: `http://127.0.0.1:${port}`,
    deps: { database: db, clock },
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The rules the browser tests hold every page to: WCAG 2.2 A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
interface AxeResults { violations: { id: string; help: string; nodes: { target: string[] }[] }[] }

/**
 * Each axe violation on the page (WCAG 2.2 A and AA), as its rule, help text and elements; empty when clean.
 * axe-core runs in the page itself, loaded into it once per document, and reports violations
 * alone (resultTypes): the same rules cost about 810 ms a page through @axe-core/playwright's
 * builder and about 320 ms run directly (ADR 0036). The pages have no frames for axe to combine.
 * The check is not blind: test/browser/axe-check.test.ts shows it names known faults.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}`).join('\n')}`);
  }, WCAG_TAGS);
}

/** Fails with each violation's rule, help text and elements, so the fix is obvious. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) throw new Error(`axe found ${violations.length} violations on ${page.url()}:\n${violations.join('\n')}`);
}

/** Records every request a page makes, to prove nothing is loaded from another host. */
export function watchRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

export async function signInThroughForm(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Opens a page as a person does from anywhere: the place in the main navigation (through the
 * Menu button on a narrow screen), then the page listed in it (ADR 0019).
 */
export async function openFromPlace(page: Page, place: string, link: string): Promise<void> {
  const menu = page.locator('.site-menu > summary');
  if (await menu.isVisible()) await menu.click();
  await page.locator('nav.site-nav').getByRole('link', { name: place, exact: true }).click();
  await page.locator('nav.place-nav, main .place-list').getByRole('link', { name: link, exact: true }).first().click();
  await page.waitForLoadState();
}

/** A live server with the demo co-op loaded, and a browser: what most browser suites start from. */
export async function openDemo(password: string): Promise<{ server: LiveServer; browser: Browser }> {
  const { seedDemo } = await import('../../src/demo/index.ts');
  const server = await startServer();
  await seedDemo(server.deps, password);
  return { server, browser: await launchBrowser() };
}

/** A live server on an empty database (on the test's clock, if given), and a browser: for suites that build their own data. */
export async function openLive(clock?: Clock): Promise<{ server: LiveServer; browser: Browser }> {
  return { server: await startServer(undefined, clock), browser: await launchBrowser() };
}

/** A fresh browser context (its own cookies), signed in through the form. */
export async function signedInPage(browser: Browser, base: string, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInThroughForm(page, base, email, password);
  return page;
}

export async function closeLive(live: { server?: LiveServer; browser?: Browser }): Promise<void> {
  await live.browser?.close();
  await live.server?.close();
}
