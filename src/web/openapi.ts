import { z } from 'zod';
import type { RouteDef } from './routing.ts';

/** The OpenAPI document, built from the same route table and zod schemas the server uses. */
export function openApiDocument(routes: RouteDef[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes.filter((r) => r.kind === 'api')) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${path.replace(/[^a-zA-Z0-9]+/g, '_')}`,
      'x-action': route.action,
      ...(params.length ? { parameters: params } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) } },
            },
          }
        : {}),
      responses: {
        '200': { description: 'Success' },
        '401': { description: 'Not signed in' },
        '403': { description: 'Not allowed' },
        '404': { description: 'Not found' },
        '409': { description: 'Not possible in the current state' },
        '422': { description: 'Invalid input, with a message per field' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Care Circles API', version: '1' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token' },
        session: { type: 'apiKey', in: 'cookie', name: 'cc_session' },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}
