// The page benchmark's reference page (issue 20): the least a dynamic page on this stack can
// cost. The same Fastify app as `carecircles serve` (buildApp: the same hooks, security headers,
// compression and session look-up), plus one route that reads one row by its primary key and
// renders it through the same layout. A page's rate divided by this one's says how much of its
// cost is its own work rather than the stack's.
//
//   DATABASE_URL=postgres://... node --import tsx bench/pages/reference-server.ts
//
// Prints "listening on <port>" once it answers; stops on SIGTERM.
import { loadConfig } from '../../src/config.ts';
import { A } from '../../src/modules/people/actions.ts';
import { requireActor } from '../../src/platform/authz.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { fixedStatement, openDatabase } from '../../src/platform/db.ts';
import { setCoOpTimeZone } from '../../src/platform/zoned-time.ts';
import { buildApp } from '../../src/web/app.ts';
import { sendPage } from '../../src/web/render.tsx';
import { addRoute } from '../../src/web/routing.ts';
import { REFERENCE_HEADING, REFERENCE_PATH } from './targets.ts';

const config = loadConfig({ ...process.env, PORT: '0' });
setCoOpTimeZone(config.timeZone);
const database = await openDatabase({ databaseUrl: config.databaseUrl });
const app = await buildApp({ config, database, clock: systemClock });
const db = database.db;

addRoute(app, {
  method: 'GET',
  url: REFERENCE_PATH,
  action: A.viewHome,
  kind: 'page',
  summary: 'The page benchmark reference page',
  handler: async (req, reply) => {
    const actor = requireActor(req.actor);
    const [me] = await fixedStatement<{ email: string; created_at: Date | string }>(db, 'bench_reference_person', 'SELECT email, created_at FROM people WHERE id = $1', [actor.personId]);
    return sendPage(req, reply, {
      title: REFERENCE_HEADING,
      body: (
        <>
          <h1>{REFERENCE_HEADING}</h1>
          <p>{actor.name}, {me?.email}, since {String(me?.created_at).slice(0, 10)}.</p>
        </>
      ),
    });
  },
});

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address() as { port: number };
console.log(`listening on ${address.port}`);
process.once('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
