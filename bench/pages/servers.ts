// The two comparison servers of the page benchmark, each in its own process so nothing shares
// the measured server's event loop: the bare node:http server (the ceiling for this load
// generator on this machine) and the reference page (reference-server.tsx: the same Fastify app,
// the least a dynamic page costs).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Started {
  base: string;
  stop: () => Promise<void>;
}

/** Start `node --import tsx <script> ...args` and wait for its "listening on <port>" line. */
async function startListening(script: string, args: string[], env: NodeJS.ProcessEnv, cleanup = () => {}): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout.on('data', (d: Buffer) => {
      const found = /listening on (\d+)/.exec(d.toString());
      if (found) resolve(Number(found[1]));
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        cleanup();
      }),
  };
}

/** A bare node:http server answering every request with these bytes and headers. */
export function bareServer(body: Buffer, headers: Record<string, string | string[] | undefined>): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-pages-'));
  const file = join(dir, 'page');
  writeFileSync(file, body);
  const encoding = typeof headers['content-encoding'] === 'string' ? [headers['content-encoding']] : [];
  return startListening('bare-server.ts', [file, String(headers['content-type']), ...encoding], process.env, () => rmSync(dir, { recursive: true, force: true }));
}

/** The app with its reference page, on the co-op at url. */
export function referenceServer(url: string): Promise<Started> {
  return startListening('reference-server.tsx', [], { ...process.env, DATABASE_URL: url, DEMO: 'false', LOG_LEVEL: 'warn', HOST: '127.0.0.1', BASE_URL: 'http://127.0.0.1' });
}
