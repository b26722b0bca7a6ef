import { ConfigError, loadConfig } from './config.ts';
import { systemClock } from './platform/clock.ts';
import { setCoOpTimeZone } from './platform/zoned-time.ts';
import { DataDirLocked, type Database, isEmpty, migrate, openDatabase } from './platform/db.ts';
import { cliCommands } from './cli.ts';

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const handler = command ? cliCommands[command] : undefined;
  if (!handler) {
    console.log(`Usage: carecircles <command>

  serve                 run the web server (migrates first; loads the demo on an empty database)
  migrate               apply database migrations
  seed [--demo]         load the demonstration co-op into an empty database
  create-admin          create an administrator (--email, --name; password from ADMIN_PASSWORD or prompt)
  token create          create a personal API token (--email, --label)
  backup FILE           write every row to FILE (complete, with its counts and checksums, or not at all)
  backup --verify FILE  check FILE is a whole, unchanged backup without restoring it
  restore FILE          check FILE whole, then load it into an empty database
  keys status|encrypt|rotate  the encryption key of the care records: what it wraps, encrypt what is
                        still in clear, rotate it (see docs/reliability.md)
  verify-audit          check the hash chains of the access log and the care logs, and that they reach
                        every signed checkpoint; non-zero exit names the first broken row or rows missing`);
    return command ? 2 : 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
    setCoOpTimeZone(config.timeZone);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, engine: config.database });
  } catch (error) {
    if (error instanceof DataDirLocked) {
      console.error(error.message);
      return 3;
    }
    console.error(`Could not open the database: ${(error as Error).message}`);
    return 3;
  }
  let failed = false;
  try {
    await migrate(database);
    return await handler({ config, database, clock: systemClock, args: rest, isEmpty: () => isEmpty(database) });
  } catch (error) {
    failed = true;
    console.error((error as Error).message);
    return 1;
  } finally {
    // serve closes its database when it stops; if it could not start, close it here (the
    // embedded PostgreSQL stops with it, and the process can end).
    if (command !== 'serve' || failed) await database.close();
  }
}

process.exitCode = await main();
