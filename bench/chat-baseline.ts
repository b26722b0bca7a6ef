// The baseline for bench/chat.ts: a bare Node http server holding Server-Sent Events streams,
// with no database, no sessions and no framework. POST /publish with a JSON body writes one
// event, shaped and sized like the chat's, to every open stream. Run as a child process,
// like the real servers, so it has its own event loop; it prints its port when ready.
import { randomUUID } from 'node:crypto';
import { type ServerResponse, createServer } from 'node:http';

const streams = new Set<ServerResponse>();
const circleId = randomUUID();

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url?.startsWith('/stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 3000\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/publish') {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { body } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body: string };
      const now = new Date();
      const id = randomUUID();
      const data = JSON.stringify({ id, circleId, kind: 'user', authorId: randomUUID(), authorName: 'Member 1', body, createdAt: now.toISOString(), time: now.toUTCString() });
      const event = `id: ${id}\nevent: message\ndata: ${data}\n\n`;
      for (const stream of streams) stream.write(event);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    });
    return;
  }
  res.writeHead(404).end();
});

server.listen(0, '127.0.0.1', () => {
  console.log(`listening on ${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => {
  for (const stream of streams) stream.end();
  server.close(() => process.exit(0));
});
