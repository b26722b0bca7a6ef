// The ceiling for the page benchmark: a bare node:http server in its own process answering
// every request with one fixed page (the dashboard's bytes and headers, captured in the same
// run), so the load generator and the HTTP stack are timed with no application behind them.
//
//   node --import tsx bench/pages/bare-server.ts <file with the body> <content-type> [content-encoding]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [bodyFile, contentType, contentEncoding] = process.argv.slice(2);
if (!bodyFile || !contentType) throw new Error('usage: bare-server.ts <body file> <content-type> [content-encoding]');
const body = readFileSync(bodyFile);
const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-store' };
if (contentEncoding) headers['content-encoding'] = contentEncoding;

const server = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`listening on ${port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
