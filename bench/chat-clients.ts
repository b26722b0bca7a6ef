// The load clients of bench/chat.ts, in a process of their own so that reading a thousand
// streams does not slow the process that posts and keeps time. Each client is one real HTTP
// Server-Sent Events connection. A message's body carries its index and the moment its POST
// was sent (process.hrtime, the machine's monotonic clock, the same in every process), so each
// event's delay is measured where it arrives.
//
// Messages from the parent: { connect: { targets: {url, headers}[], messages } }, then
// { report: true }, then { close: true }. Answers: { connected }, { report }.
import { Agent, type ClientRequest, get } from 'node:http';

export interface Target { url: string; headers: Record<string, string> }
export interface ClientReport {
  /** Delay of every event received, in milliseconds. */
  delays: number[];
  received: number;
  duplicates: number;
  /** Clients whose messages came in an order other than the first client's. */
  outOfOrder: number;
  /** Streams the server ended before the report. */
  ended: number;
}

export const messageBody = (index: number): string => `bench ${index} ${process.hrtime.bigint()}`;

interface Client { order: number[]; seen: Uint8Array; ended: boolean; request: ClientRequest }
const clients: Client[] = [];
const delays: number[] = [];
let duplicates = 0;
// One socket per stream, as one browser tab each.
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

function onEvent(client: Client, block: string): void {
  const data = block.split('\n').find((line) => line.startsWith('data: '));
  if (!data || !block.includes('event: message')) return;
  const body = (JSON.parse(data.slice(6)) as { body: string }).body;
  const [tag, index, sent] = body.split(' ');
  if (tag !== 'bench' || index === undefined || sent === undefined) return;
  delays.push(Number(process.hrtime.bigint() - BigInt(sent)) / 1e6);
  const i = Number(index);
  if (client.seen[i]) duplicates += 1;
  client.seen[i] = 1;
  client.order.push(i);
}

function open(target: Target, messages: number): Promise<number> {
  return new Promise((resolve) => {
    const request = get(target.url, { agent, headers: { accept: 'text/event-stream', ...target.headers } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve(res.statusCode ?? 0);
        return;
      }
      const client: Client = { order: [], seen: new Uint8Array(messages), ended: false, request };
      clients.push(client);
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          onEvent(client, buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      });
      res.on('end', () => (client.ended = true));
      res.on('error', () => (client.ended = true));
      resolve(200);
    });
    request.on('error', () => resolve(0));
  });
}

/** Open the streams a few dozen at a time, as a crowd arriving, not a single burst. */
async function connect(targets: Target[], messages: number): Promise<{ connected: number; refused: Record<string, number> }> {
  const refused: Record<string, number> = {};
  for (let i = 0; i < targets.length; i += 50) {
    const statuses = await Promise.all(targets.slice(i, i + 50).map((t) => open(t, messages)));
    for (const s of statuses) if (s !== 200) refused[s] = (refused[s] ?? 0) + 1;
  }
  return { connected: clients.length, refused };
}

function report(): ClientReport {
  const reference = clients[0]?.order.join(',');
  return {
    delays,
    received: delays.length,
    duplicates,
    outOfOrder: clients.filter((c) => c.order.join(',') !== reference).length,
    ended: clients.filter((c) => c.ended).length,
  };
}

// Only as the forked client process: bench/chat.ts imports this file for messageBody and the types.
if (process.send) process.on('message', (message: { connect?: { targets: Target[]; messages: number }; report?: true; close?: true }) => {
  if (message.connect) void connect(message.connect.targets, message.connect.messages).then((r) => process.send?.({ connected: r }));
  if (message.report) process.send?.({ report: report() });
  if (message.close) {
    for (const c of clients) c.request.destroy();
    process.exit(0);
  }
});
