// Every route Fastify will answer, read from its own route tree, so the tests that walk the
// app's route table (authorisation matrix, hostile input) can show that table is complete: a
// route registered some other way than addRoute would escape them both.
import type { FastifyInstance } from 'fastify';
import { routeTable } from '../../src/web/routing.ts';

/**
 * Registered by src/web/static-assets.ts outside the route table: files from src/web/static,
 * Pico's CSS and the font files, public to everyone, read-only (its own test covers them).
 * Nothing else may be missing from the table.
 */
const staticRoutes = ['GET /static/*'];

/**
 * Fastify's routes as "METHOD /path", from printRoutes(): the router's radix tree, whose
 * lines are an indent of 4 characters per level, a branch ("├── " or "└── "), a path segment
 * appended to its parent's, and the methods in brackets where a route ends there. HEAD, which
 * Fastify adds for every GET, is left out. Throws on a line it cannot read.
 */
export function fastifyRoutes(app: FastifyInstance): string[] {
  const paths: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes().split('\n')) {
    if (!line.trim()) continue;
    const m = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!m) throw new Error(`Cannot read this line of Fastify's route tree: ${JSON.stringify(line)}`);
    const depth = (m[1] ?? '').length / 4;
    const path = `${depth > 0 ? (paths[depth - 1] ?? '') : ''}${m[2]}`.replace(/^\/\//, '/');
    paths[depth] = path;
    paths.length = depth + 1;
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) routes.push(`${method} ${path}`);
  }
  return routes;
}

/** Routes Fastify answers that the app's route table does not list (static files apart), and table rows Fastify does not have. */
export function routesOutsideTable(app: FastifyInstance): string[] {
  const table = new Set(routeTable(app).map((r) => `${r.method} ${r.url}`));
  const registered = fastifyRoutes(app);
  const known = new Set(registered);
  return [
    ...registered.filter((r) => !table.has(r) && !staticRoutes.includes(r)).map((r) => `${r} is registered with Fastify but not through addRoute, so no test walks it`),
    ...[...table].filter((r) => !known.has(r)).map((r) => `${r} is in the route table but Fastify does not answer it`),
  ];
}
