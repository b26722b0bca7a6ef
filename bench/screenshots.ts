// `npm run screenshots`: the pictures in the README and docs/screenshots/, made from the demo
// co-op so they show what the code draws today. Starts the demo on an in-memory database,
// signs in as Rose (owner), Sam (paid supporter), Priya (volunteer) and Tom (Team Starter),
// and saves the visible part of each page at a phone's width (390 px) and a desktop's
// (1280 px). Pages are found by following links, as a person would. When pngquant is on the
// PATH (Debian: apt-get install pngquant) the pictures are shrunk with it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { closeLive, noBrowser, openDemo, signInThroughForm } from '../test/support/browser.ts';

const PASSWORD = 'demo password 1';
const out = join(import.meta.dirname, '..', 'docs', 'screenshots');
const widths = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;
const people = ['rose', 'sam', 'priya', 'tom'] as const;

/** Where each picture's page is, for this person: a path, or null when they have no such page. */
type Find = (page: Page, base: string) => Promise<string | null>;

const firstLink = async (page: Page, base: string, from: string, pattern: RegExp, text?: string): Promise<string | null> => {
  await page.goto(`${base}${from}`);
  const hrefs = await page.locator('main a[href]').evaluateAll((as, t) => as.filter((a) => !t || a.textContent?.includes(t)).map((a) => (a as HTMLAnchorElement).pathname), text);
  return hrefs.find((h) => pattern.test(h)) ?? null;
};

const pages: { name: string; find: Find }[] = [
  { name: 'home', find: async () => '/' },
  { name: 'team', find: (page, base) => firstLink(page, base, '/teams', /^\/teams\/[0-9a-f-]{36}$/) },
  {
    // The demo's proposal in an online consent round: from home (where it waits for an answer)
    // or down the map of circles to the Local Circle that holds it.
    name: 'proposal',
    find: async (page, base) => {
      const queue = ['/', '/circles'];
      const seen = new Set(queue);
      for (let opened = 0; queue.length > 0 && opened < 12; opened++) {
        await page.goto(`${base}${queue.shift()}`);
        const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => ({ href: (a as HTMLAnchorElement).pathname + (a as HTMLAnchorElement).search, text: a.textContent ?? '' })));
        const found = links.find((l) => l.text.includes('Winter visit cover plan') && l.href.startsWith('/proposals/'));
        if (found) return found.href;
        for (const l of links) {
          if (!/^\/circles(\?in=|\/[0-9a-f-]{36}$)/.test(l.href) || seen.has(l.href)) continue;
          seen.add(l.href);
          queue.push(l.href);
        }
      }
      return null;
    },
  },
  { name: 'visits', find: async () => '/visits' },
  { name: 'care-logs', find: async () => '/care-logs' },
  { name: 'credits', find: async () => '/credits' },
  { name: 'records-access', find: async () => '/records/access' },
];

async function shoot(browser: Browser, base: string, who: string): Promise<string[]> {
  const saved: string[] = [];
  for (const size of widths) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    const page = await context.newPage();
    await signInThroughForm(page, base, `${who}@demo.carecircles.org`, PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    for (const p of pages) {
      const path = await p.find(page, base);
      if (!path) {
        console.log(`${who}: no ${p.name} page to show`);
        continue;
      }
      const res = await page.goto(`${base}${path}`);
      if (res?.status() !== 200) {
        console.log(`${who}: ${path} answered ${res?.status()}, not saved`);
        continue;
      }
      const file = join(out, `${who}-${p.name}-${size.name}.png`);
      await page.screenshot({ path: file });
      saved.push(file);
    }
    await context.close();
  }
  return saved;
}

async function main(): Promise<void> {
  if (noBrowser) throw new Error(noBrowser);
  mkdirSync(out, { recursive: true });
  const { server, browser } = await openDemo(PASSWORD);
  try {
    const saved: string[] = [];
    for (const who of people) saved.push(...(await shoot(browser, server.base, who)));
    const quant = spawnSync('pngquant', ['--version']).status === 0;
    if (quant) spawnSync('pngquant', ['--force', '--skip-if-larger', '--ext', '.png', '--quality', '60-90', ...saved], { stdio: 'inherit' });
    else console.log('pngquant not found: the pictures are saved as Chromium made them');
    const bytes = readdirSync(out).filter((f) => f.endsWith('.png')).reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
    console.log(`${saved.length} pictures in docs/screenshots/, ${Math.round(bytes / 1024)} KB in all`);
  } finally {
    await closeLive({ server, browser });
  }
}

await main();
