// Every page a person can reach, found the way they would find it: from home, following the
// same-origin links of each page (GET only, through app.inject), and what each one cost in SQL
// statements (src/platform/statements.ts). Used by the query budget test (issue 20).
import type { FastifyInstance } from 'fastify';
import { countStatements } from '../../src/platform/statements.ts';
import { routeTable } from '../../src/web/routing.ts';
import type { Client } from './app.ts';

export interface PageCost {
  path: string;
  /** The route pattern that answered, as the route table writes it: "/teams/:id". */
  pattern: string;
  status: number;
  statements: string[];
  /** The rows the page shows: table rows, list items and a select's options (issue 20: about 100 at most). */
  rows: number;
}

/**
 * The longest list the page draws, whichever way: a table's rows, a list's items, or a select's
 * options (two lists of 50 on one page are two lists; a select on every row of a table is not a
 * longer list). A list within a list counts with it.
 */
export function rowsIn(html: string): number {
  const longest = (list: string, item: string) => {
    let most = 0;
    let depth = 0;
    let count = 0;
    for (const m of html.matchAll(new RegExp(`<(/?)(${list}|${item})[\\s>]`, 'g'))) {
      const [, end, tag] = m;
      if (tag === item) { if (!end && depth > 0) count++; continue; }
      if (!end) { if (depth++ === 0) count = 0; continue; }
      if (depth > 0 && --depth === 0) most = Math.max(most, count);
    }
    return most;
  };
  return Math.max(longest('ul|ol', 'li'), longest('table', 'tr'), longest('select', 'option'));
}

/** Links that are not pages to open: files, the live stream, signing in or out, the API. */
const notAPage = /^\/(static|api)\/|^\/(sign-in|sign-out|forgot-password|reset-password)\b|\/stream$/;

/** path → route pattern, most specific first (a fixed segment beats a parameter, as in Fastify). */
export function patternMatcher(app: FastifyInstance): (path: string) => string | null {
  const routes = routeTable(app)
    .filter((r) => r.method === 'GET')
    .map((r) => ({
      url: r.url,
      params: (r.url.match(/[:*]/g) ?? []).length,
      re: new RegExp(`^${r.url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+').replace(/\*/g, '.*')}$`),
    }))
    .sort((a, b) => a.params - b.params);
  return (path) => routes.find((r) => r.re.test(path.split('?')[0] as string))?.url ?? null;
}

const links = (html: string): string[] =>
  [...html.matchAll(/href="(\/[^"/][^"]*|\/)"/g)].map((m) => (m[1] as string).replaceAll('&amp;', '&').split('#')[0] as string);

/**
 * Breadth-first from `/`: each page once, at most `perPattern` pages of one route pattern (a
 * team's tenth care log costs what its first does) and `limit` pages in all.
 */
export async function crawl(app: FastifyInstance, client: Client, options: { perPattern: number; limit: number }): Promise<PageCost[]> {
  const patternOf = patternMatcher(app);
  const seen = new Set<string>(['/']);
  const perPattern = new Map<string, number>();
  const queue = ['/'];
  const found: PageCost[] = [];
  while (queue.length > 0 && found.length < options.limit) {
    const path = queue.shift() as string;
    const pattern = patternOf(path);
    if (!pattern) continue;
    const { result: res, statements } = await countStatements(() => client.get(path));
    const html = String(res.headers['content-type']).startsWith('text/html') ? res.body : '';
    found.push({ path, pattern, status: res.statusCode, statements, rows: rowsIn(html) });
    if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
    for (const link of links(res.body)) {
      if (seen.has(link) || notAPage.test(link)) continue;
      seen.add(link);
      const linkPattern = patternOf(link);
      if (!linkPattern) continue;
      const n = perPattern.get(linkPattern) ?? 0;
      if (n >= options.perPattern) continue;
      perPattern.set(linkPattern, n + 1);
      queue.push(link);
    }
  }
  return found;
}
