import { seedDemo } from './demo/index.ts';
import type { CliContext } from './cli.ts';
import { registerMailSender } from './platform/mail.ts';
import { startJobRunner } from './platform/jobs.ts';
import { buildApp } from './web/app.ts';
import { scheduleReviewReminders } from './modules/circles/logbook-routes.tsx';

/** Run the server until SIGINT or SIGTERM, then close everything cleanly. */
export async function serve({ config, database, clock, isEmpty }: CliContext): Promise<number> {
  let logins: Awaited<ReturnType<typeof seedDemo>> = [];
  if (config.demo && (await isEmpty())) {
    logins = await seedDemo({ database, clock }, config.demoPassword);
  }
  registerMailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const app = await buildApp({ config, database, clock, logger: true });
  await database.db.transaction((tx) => scheduleReviewReminders(tx, clock.now()));
  const stopJobs = startJobRunner(database, clock, { onError: (e) => app.log.error(e, 'job runner') });
  await app.listen({ port: config.port, host: config.host });
  console.log(`\nCare Circles is running at ${config.baseUrl}`);
  console.log(`Database: ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'}`);
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
