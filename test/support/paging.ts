// Walking a keyset-paged page as a person without JavaScript would (issue 20, ADR 0029): follow
// its rel="next" links to the end, then its rel="prev" links back to the start, collecting the
// rows each page shows. A list paged both ways gives the same rows, in the same order, each once.
import assert from 'node:assert/strict';
import type { Client } from './app.ts';

const linkOf = (html: string, rel: 'next' | 'prev'): string | undefined =>
  [...html.matchAll(/<a href="([^"]+)" rel="(next|prev)"/g)].find((m) => m[2] === rel)?.[1]?.replaceAll('&amp;', '&');

export interface Walk {
  /** The rows of each page going forward, from the first page. */
  forward: string[][];
  /** The rows of each page coming back, from the last page to the first. */
  back: string[][];
}

/**
 * Walks `start` forward and back; `rows` picks out each page's rows (a key per row). Checks each
 * page answers 200 with at most `max` rows, that its pager is a labelled nav, and that coming
 * back passes through the same pages in reverse.
 */
export async function walkPages(client: Client, start: string, rows: (html: string) => string[], max: number): Promise<Walk> {
  const forward: string[][] = [];
  const back: string[][] = [];
  let url: string | undefined = start;
  let last = '';
  for (let i = 0; url && i < 100; i++) {
    const page = await client.get(url);
    assert.equal(page.statusCode, 200, url);
    const found = rows(page.body);
    assert.ok(found.length <= max, `${url}: ${found.length} rows, at most ${max}`);
    forward.push(found);
    if (/rel="(next|prev)"/.test(page.body)) assert.match(page.body, /<nav aria-label="[^"]+" class="pager/, 'the pager is a labelled navigation region');
    last = url;
    url = linkOf(page.body, 'next');
  }
  url = linkOf((await client.get(last)).body, 'prev');
  back.push(forward.at(-1) as string[]);
  for (let i = 0; url && i < 100; i++) {
    const page = await client.get(url);
    assert.equal(page.statusCode, 200, url);
    back.push(rows(page.body));
    url = linkOf(page.body, 'prev');
  }
  assert.deepEqual(back, [...forward].reverse(), 'coming back passes the same pages in reverse');
  return { forward, back };
}
