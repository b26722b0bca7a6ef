// The embedded PostgreSQL that `npm start` runs (src/platform/embedded-postgres.ts), for the
// tests written for it: each on a data directory of its own, which the test opens itself
// before the server starts and after it stops (one process at a time, as on PGlite).
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Database } from '../../src/platform/db.ts';
import type { ServerDatabase } from './db.ts';

export const EMBEDDED = { DATABASE: 'embedded-postgres' } as const;

/** A fresh data directory for the embedded PostgreSQL, migrated on first open. */
export function embeddedServerDatabase(): ServerDatabase & { dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-embedded-'));
  // mkdtemp makes it 0700; as root, PostgreSQL runs as the user postgres, which must pass through it.
  chmodSync(dataDir, 0o755);
  let current: Database | null = null;
  const release = async () => {
    await current?.close();
    current = null;
  };
  return {
    dataDir,
    env: { DATA_DIR: dataDir, ...EMBEDDED },
    open: async () => {
      await release();
      current = await openDatabase({ dataDir, engine: 'embedded-postgres' });
      await migrate(current);
      return current;
    },
    release,
    drop: async () => {
      await release();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The running postmaster's process id, from its postmaster.pid; null when none is recorded. */
export function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return pid > 0 ? pid : null;
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The postmaster and its children (backends, WAL writer, checkpointer): each child leads a process group of its own. */
export function postgresProcesses(postmaster: number): number[] {
  const children = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      // pid (comm) state ppid ...: comm may hold spaces, so count from its closing bracket.
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster ? [Number(d)] : [];
    } catch {
      return [];
    }
  });
  return isAlive(postmaster) ? [postmaster, ...children] : children;
}

/** SIGKILL every PostgreSQL process at once, as a power cut stops them: no shutdown checkpoint. */
export async function killPostgres(dataDir: string): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (!pid || !isAlive(pid)) return;
  const all = postgresProcesses(pid);
  for (const p of all) process.kill(p, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  while (all.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
