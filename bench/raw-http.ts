// A minimal HTTP/1.1 client over one kept-alive socket, for load generators that share the
// machine with the server and PostgreSQL: node:http cost the ledger benchmark's load
// generator about 0.13 ms of CPU per request, CPU taken from the system it measures, where
// pgbench's client is C. Each request is still a full HTTP/1.1 request (request line,
// headers, JSON body) and each answer is read whole (status, headers, body). It understands
// only what Care Circles answers with: a Content-Length body, no chunking, no pipelining.
import { type Socket, connect } from 'node:net';

export interface RawAnswer { status: number; body: string }

export class RawHttpConnection {
  private socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (a: RawAnswer) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly base: URL) {
    this.socket = connect({ host: base.hostname, port: Number(base.port), noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.answer();
    });
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  /** Send one request and wait for its whole answer (one request at a time per connection). */
  request(method: string, path: string, headers: Record<string, string>, body: string): Promise<RawAnswer> {
    if (this.waiting) return Promise.reject(new Error('one request at a time on a connection'));
    const lines = Object.entries({ host: this.base.host, 'content-length': String(Buffer.byteLength(body)), ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(`${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n${body}`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private answer(): void {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.waiting) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
    if (!status || length === undefined) return this.fail(new Error(`an answer this client cannot read: ${head.slice(0, 200)}`));
    if (this.buffer.length < end + 4 + Number(length)) return;
    const body = this.buffer.subarray(end + 4, end + 4 + Number(length)).toString('utf8');
    this.buffer = this.buffer.subarray(end + 4 + Number(length));
    const { resolve } = this.waiting;
    this.waiting = null;
    resolve({ status, body });
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }
}
