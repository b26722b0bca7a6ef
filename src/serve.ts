import { seedDemo } from './demo/index.ts';
import type { CliContext } from './cli.ts';
import { durability } from './platform/db.ts';
import { registerMailSender } from './platform/mail.ts';
import { startJobRunner } from './platform/jobs.ts';
import { buildApp } from './web/app.ts';
import { encryptExisting } from './platform/encryption/existing.ts';
import { checkedMasterKey, keySettings } from './platform/encryption/startup.ts';
import { scheduleReviewReminders } from './modules/circles/logbook-routes.tsx';

/** Run the server until SIGINT or SIGTERM, then close everything cleanly. */
export async function serve({ config, database, clock, isEmpty }: CliContext): Promise<number> {
  // The encryption key before anything else (ADR 0024): missing or wrong, the start stops with
  // one line; on an empty database it is made. Care text stored in clear (from before
  // encryption) is encrypted on the first start after the upgrade.
  const key = await checkedMasterKey(database.db, keySettings(config));
  const sealed = Object.values(await encryptExisting(database)).reduce((a, b) => a + b, 0);
  if (sealed > 0) console.log(`Encrypted ${sealed} care values that were stored in clear.`);
  let logins: Awaited<ReturnType<typeof seedDemo>> = [];
  if (config.demo && (await isEmpty())) {
    logins = await seedDemo({ database, clock }, config.demoPassword);
  }
  registerMailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const app = await buildApp({ config, database, clock, logger: true });
  await database.db.transaction((tx) => scheduleReviewReminders(tx, clock.now()));
  const stopJobs = startJobRunner(database, clock, { onError: (e) => app.log.error(e, 'job runner') });
  // Which database, and whether a saved change survives a power cut (issue 18): said on every start.
  const safe = await durability(database);
  console.log(`Database: ${database.label} (${safe.durable ? 'durable' : 'NOT durable'}: ${safe.detail})`);
  console.log(`Care records encrypted with master key ${key.id} from ${key.source} (keep a copy of it apart from the backups).`);
  if (!safe.durable) {
    console.warn(
      'WARNING: this database does not keep every saved change through a power cut or a crash of the machine, and may be ' +
        'left corrupt by one. Use it for trials only: unset DATABASE to run the embedded PostgreSQL, or set DATABASE_URL to a PostgreSQL server with fsync on.',
    );
  }
  await app.listen({ port: config.port, host: config.host });
  console.log(`\nCare Circles is running at ${config.baseUrl}`);
  if (logins.length > 0) {
    console.log(`\nDemo co-op loaded. Sign in with any of these (password: ${config.demoPassword}):`);
    for (const l of logins) console.log(`  ${l.email.padEnd(30)} ${l.name} (${l.wears})`);
  } else if (config.demo) {
    console.log(`Demo sign-ins (if the demo was loaded): admin@demo.carecircles.org and others, password from DEMO_PASSWORD.`);
  }
  console.log('\nPress Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal} received: stopping.`);
      await app.close();
      await stopJobs();
      await database.close();
      resolve();
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
  return 0;
}
