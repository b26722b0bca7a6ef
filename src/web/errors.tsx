import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Invalid } from '../platform/errors.ts';
import { t } from './i18n.ts';
import { isApi, sendPage } from './render.tsx';

const titles: Record<number, string> = {
  400: 'That request could not be understood',
  401: 'Please sign in',
  403: 'You do not have permission to do that',
  404: 'Page not found',
  409: 'That cannot be done now',
  413: 'That was too large',
  415: 'That kind of content is not accepted',
  422: 'Please check what you entered',
  429: 'Too many attempts',
  500: 'Sorry, something went wrong',
};

function statusOf(error: FastifyError | DomainError): number {
  if (error instanceof DomainError) return error.status;
  const code = (error as FastifyError).code ?? '';
  if (code.startsWith('FST_CSRF')) return 403;
  const status = (error as FastifyError).statusCode ?? 500;
  return status >= 400 && status < 600 ? status : 500;
}

function send(req: FastifyRequest, reply: FastifyReply, status: number, message: string, fields?: Record<string, string>) {
  if (isApi(req)) {
    return reply.status(status).send({ error: { status, message, ...(fields ? { fields } : {}) } });
  }
  return sendPage(req, reply, {
    status,
    title: t(titles[status] ?? 'Something went wrong'),
    body: (
      <>
        <h1>{t(titles[status] ?? 'Something went wrong')}</h1>
        <p>{message}</p>
        {fields ? (
          <ul>
            {Object.values(fields).map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        ) : null}
        <p>
          <a href="/">{t('Go to the home page')}</a>
        </p>
      </>
    ),
  });
}

/** Map typed errors to status codes; never show a stack trace or internal detail. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError, req, reply) => {
    const status = statusOf(error);
    if (status === 401 && !isApi(req) && req.method === 'GET') {
      return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303);
    }
    if (status >= 500) {
      req.log.error({ err: error }, 'request failed');
      return send(req, reply, 500, t('The problem has been logged. Please try again later.'));
    }
    if (status === 403 && (error as FastifyError).code?.startsWith('FST_CSRF')) {
      // An API call signed in by the session cookie, not a form: say what the call lacks.
      if (isApi(req)) {
        return send(req, reply, 403, t('An API write signed in by the session cookie needs the CSRF token in the x-csrf-token header; or send a personal API token (Authorization: Bearer).'));
      }
      return send(req, reply, 403, t('This form has expired. Go back, reload the page and try again.'));
    }
    const fields = error instanceof Invalid ? error.fields : undefined;
    const message = error instanceof DomainError ? error.message : t(titles[status] ?? 'That request could not be handled.');
    return send(req, reply, status, message, fields);
  });
  app.setNotFoundHandler((req, reply) =>
    send(req, reply, 404, t('Check the address, or go back to the home page.')),
  );
}
