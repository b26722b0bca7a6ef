import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import type { Config } from './config.ts';
import { createApiToken } from './modules/people/commands/api-tokens.ts';
import { createPerson } from './modules/people/commands/create-person.ts';
import { people } from './modules/people/schema.ts';
import { verifyAccessLog } from './platform/access-log.ts';
import { verifyCareLogs } from './modules/care/logs/chain.ts';
import { backup, BackupRefused, checkBackupFile, restore } from './platform/backup.ts';
import { checkpointTime, Checkpoints, compareWithCheckpoints, readHeads } from './platform/checkpoints.ts';
import { describeDatabaseError } from './platform/restore-errors.ts';
import { keysCommand } from './platform/encryption/keys-command.ts';
import type { Clock } from './platform/clock.ts';
import { run } from './platform/context.ts';
import type { Database } from './platform/db.ts';
import { Invalid } from './platform/errors.ts';
import { progress } from './platform/progress.ts';

export interface CliContext {
  config: Config;
  database: Database;
  clock: Clock;
  args: string[];
  isEmpty: () => Promise<boolean>;
}

const describeInvalid = (error: unknown) =>
  error instanceof Invalid ? Object.entries(error.fields).map(([f, m]) => `${f}: ${m}`).join('; ') : String(error);

/** Whatever escaped a restore, without its text (a driver error quotes parameters). */
const refusalOf = (error: unknown) => `the restore failed (${describeDatabaseError(error)}). Nothing was restored.`;

/** `backup --verify FILE`: prove a file whole without restoring it; say what it holds. */
async function verifyBackupCommand(file: string): Promise<number> {
  try {
    const { header, trailer } = await checkBackupFile(file);
    const tables = Object.entries(trailer.tables);
    const rows = tables.reduce((sum, [, t]) => sum + t.rows, 0);
    console.log(`OK: ${file} is a whole Care Circles backup of ${header.snapshotAt} (${header.source}, schema ${header.schema}): ${rows} rows in ${tables.length} tables, ${trailer.sequences} sequences.`);
    for (const [name, t] of tables) if (t.rows > 0) console.log(`  ${name.padEnd(32)} ${t.rows}`);
    return 0;
  } catch (error) {
    console.error(`Backup refused: ${error instanceof BackupRefused ? error.message : refusalOf(error)}`);
    return 1;
  }
}

async function askPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question('Password for the new admin (at least 10 characters): ');
  rl.close();
  return answer;
}

export const cliCommands: Record<string, (ctx: CliContext) => Promise<number>> = {
  // The web app and the demo are loaded only by the commands that use them, so an operator's
  // migrate, backup or verify-audit starts in a third of the time (and so do the tests that run them).
  serve: async (context) => (await import('./serve.ts')).serve(context),
  migrate: async () => {
    console.log('Migrations applied.');
    return 0;
  },
  seed: async ({ config, database, clock, isEmpty }) => {
    if (!(await isEmpty())) {
      console.error('The database already has people in it; the demo loads only into an empty database.');
      return 1;
    }
    const { seedDemo } = await import('./demo/index.ts');
    const logins = await seedDemo({ database, clock }, config.demoPassword);
    console.log(`Demo co-op loaded. ${logins.length} people can sign in with the password from DEMO_PASSWORD.`);
    return 0;
  },
  'create-admin': async ({ database, clock, args }) => {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } } });
    if (!values.email || !values.name) {
      console.error('Usage: carecircles create-admin --email EMAIL --name "NAME"');
      return 2;
    }
    try {
      const { personId } = await run({ database, clock }, null, createPerson, {
        email: values.email,
        name: values.name,
        password: await askPassword(),
        isAdmin: true,
      });
      console.log(`Admin created: ${values.email} (${personId})`);
      return 0;
    } catch (error) {
      console.error(`Could not create the admin: ${describeInvalid(error)}`);
      return 1;
    }
  },
  token: async ({ database, clock, args }) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { email: { type: 'string' }, label: { type: 'string' } },
    });
    if (positionals[0] !== 'create' || !values.email) {
      console.error('Usage: carecircles token create --email EMAIL [--label LABEL]');
      return 2;
    }
    const [person] = await database.db
      .select()
      .from(people)
      .where(eq(sql`lower(${people.email})`, values.email.toLowerCase()));
    if (!person) {
      console.error(`Nobody has the email address ${values.email}.`);
      return 1;
    }
    const actor = { personId: person.id, name: person.name, isAdmin: person.isAdmin, via: 'system' as const };
    const created = await run({ database, clock }, actor, createApiToken, { label: values.label ?? 'command line' });
    console.log(created.token);
    return 0;
  },
  backup: async ({ config, database, args }) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { verify: { type: 'string' } } });
    if (values.verify) return verifyBackupCommand(values.verify);
    const file = positionals[0];
    if (!file) {
      console.error('Usage: carecircles backup FILE | carecircles backup --verify FILE');
      return 2;
    }
    const bar = progress('Backing up');
    const result = await backup(database, file, (_table, rows) => bar.update(rows, rows), { checkpoints: new Checkpoints(config.dataDir) });
    bar.done();
    console.log(`Backed up ${result.rows} rows from ${result.tables} tables to ${file}.`);
    return 0;
  },
  restore: async ({ config, database, args }) => {
    const file = args[0];
    if (!file) {
      console.error('Usage: carecircles restore FILE');
      return 2;
    }
    // Progress only on a terminal, where it is redrawn in place: a log keeps the one line that says why a restore was refused.
    const bar = process.stderr.isTTY ? progress('Restoring') : { update: () => {}, done: () => {} };
    try {
      const result = await restore(database, file, (_table, rows) => bar.update(rows, rows), { checkpoints: new Checkpoints(config.dataDir) });
      bar.done();
      console.log(`Restored ${result.rows} rows from ${file} (a backup of ${result.checked.header.snapshotAt}, schema ${result.checked.header.schema}).`);
      return 0;
    } catch (error) {
      bar.done();
      // One line, never a row's values: the refusal names a table, a line, a key or a check.
      console.error(error instanceof BackupRefused ? `Restore refused: ${error.message}` : `Restore refused: ${refusalOf(error)}`);
      return 1;
    }
  },
  keys: keysCommand,
  'verify-audit': async ({ config, database, clock }) => {
    const bar = progress('Checking the access log');
    const problem = await verifyAccessLog(database, (done, total) => bar.update(done, total));
    bar.done();
    const logsBar = progress('Checking the care logs');
    const careProblem = problem ?? (await verifyCareLogs(database, (done, total) => logsBar.update(done, total)));
    logsBar.done();
    const found = problem ?? careProblem;
    if (found) {
      console.error(`Audit FAILED: ${found.table} ${found.problem}.`);
      return 1;
    }
    // The chains are whole; now, do they still reach as far as the checkpoints saw them?
    const store = new Checkpoints(config.dataDir);
    const { checkpoints, problems } = store.read();
    const heads = await readHeads(database.db);
    problems.push(...(await compareWithCheckpoints(database.db, checkpoints, heads)));
    if (problems.length > 0) {
      for (const p of problems) console.error(`Audit FAILED: ${p}.`);
      return 1;
    }
    store.append({ at: clock.now().toISOString(), by: 'verify-audit', ...heads });
    const since = checkpoints[0] ? ` and reach every checkpoint since ${checkpointTime(checkpoints[0].at)}` : '';
    console.log(`Audit passed: the access log and the care logs are complete and unaltered${since}. Checkpoint written to ${store.file}.`);
    return 0;
  },
};
