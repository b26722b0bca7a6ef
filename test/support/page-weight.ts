import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

// What a page's first load costs on the wire (HTML, CSS, JS, fonts, icon: the bytes that cross
// the wire, so compressed), watched through the Chrome DevTools Protocol. With the browser's
// cache turned off (Network.setCacheDisabled) every file is fetched again as on a first visit:
// a fresh browser context per page would say the same but costs about two seconds of CPU each
// (a new renderer process), and test/browser/demo-pages.test.ts proves the two agree.

/** wire: bytes received for it, headers included (redirect hops too); decoded: its body as the page got it. */
export interface Request { url: string; type?: string; encoding?: string; hops: number; wire: number; decoded: number; done: boolean }
export interface Load { who: string; path: string; bytes: number; requests: Request[] }

export const totalBytes = (requests: Request[]) => requests.reduce((sum, r) => sum + r.wire, 0);
export const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** load() gives the requests of the document now showing, once they are done. */
export interface Meter { load: () => Promise<Request[]> }

/** Watches a page's network. */
export async function meter(page: Page, cacheOff: boolean): Promise<Meter> {
  const cdp = await page.context().newCDPSession(page);
  const byLoader = new Map<string, Map<string, Request>>();
  const all = new Map<string, Request>();
  const of = (id: string) => all.get(id) ?? { url: '?', hops: 0, wire: 0, decoded: 0, done: false };
  cdp.on('Network.requestWillBeSent', (e) => {
    // A redirect goes on under the same request id, its hop's bytes counted in its response.
    const hops = e.redirectResponse ? of(e.requestId).hops + e.redirectResponse.encodedDataLength : 0;
    const request = { url: e.request.url, type: e.type, hops, wire: hops, decoded: 0, done: false };
    all.set(e.requestId, request);
    if (!byLoader.has(e.loaderId)) byLoader.set(e.loaderId, new Map());
    byLoader.get(e.loaderId)?.set(e.requestId, request);
  });
  cdp.on('Network.responseReceived', (e) => (of(e.requestId).encoding = e.response.headers['content-encoding']));
  // dataReceived counts a long-lived event stream's bytes so far; loadingFinished gives the
  // exact total (headers and body as sent) once a response is complete.
  cdp.on('Network.dataReceived', (e) => {
    const r = of(e.requestId);
    Object.assign(r, { wire: r.wire + e.encodedDataLength, decoded: r.decoded + e.dataLength });
  });
  cdp.on('Network.loadingFinished', (e) => Object.assign(of(e.requestId), { wire: of(e.requestId).hops + e.encodedDataLength, done: true }));
  cdp.on('Network.loadingFailed', (e) => (of(e.requestId).done = true));
  await cdp.send('Network.enable');
  if (cacheOff) await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return {
    async load(): Promise<Request[]> {
      const { frameTree } = await cdp.send('Page.getFrameTree');
      const requests = () => [...(byLoader.get(frameTree.frame.loaderId)?.values() ?? [])];
      // The icon is asked for after the load event: wait for it too.
      const icons = await page.evaluate(() => [...document.querySelectorAll<HTMLLinkElement>('link[rel~=icon]')].map((l) => l.href));
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const waiting = () => [...requests().filter((r) => !r.done && r.type !== 'EventSource').map((r) => r.url), ...icons.filter((url) => !requests().some((r) => r.url === url && r.done))];
      for (const started = Date.now(); waiting().length > 0; await new Promise((resolve) => setTimeout(resolve, 10))) {
        assert.ok(Date.now() - started < 15_000, `${page.url()} still loading after 15 s: ${waiting().join(', ')}`);
      }
      return requests();
    },
  };
}

/** The heaviest first load of each path, whoever opened it. */
export class Loads {
  readonly byPath = new Map<string, Load>();
  record(who: string, path: string, requests: Request[]): void {
    const bytes = totalBytes(requests);
    if (bytes > (this.byPath.get(path)?.bytes ?? -1)) this.byPath.set(path, { who, path, bytes, requests });
  }
  /** Heaviest first, one line each, then the largest and the median. */
  report(): string {
    const all = this.heaviestFirst();
    const median = all[Math.floor(all.length / 2)]?.bytes ?? 0;
    const rows = all.map((l) => `${kb(l.bytes).padStart(6)} KB  ${String(l.requests.length).padStart(2)} requests  ${l.who.padEnd(6)} ${l.path}`);
    return `First loads, bytes on the wire (${all.length} pages):\n${rows.join('\n')}\nlargest ${kb(all[0]?.bytes ?? 0)} KB, median ${kb(median)} KB`;
  }
  heaviestFirst(): Load[] {
    return [...this.byPath.values()].sort((a, b) => b.bytes - a.bytes);
  }
}
