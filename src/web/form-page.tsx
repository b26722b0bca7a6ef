import type { ComponentChildren } from 'preact';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Invalid } from '../platform/errors.ts';
import { csrfFor, sendPage } from './render.tsx';
import { addRoute, formBody } from './routing.ts';
import type { FormState, Values } from './views/forms.tsx';

export interface FormPageSpec<Loaded = undefined> {
  url: string;
  action: string;
  /** A separate action for submitting, when it differs from viewing. */
  submitAction?: string;
  title: string | ((req: FastifyRequest) => Promise<string> | string);
  summary: string;
  body: z.ZodType;
  /**
   * What both `initial` and `view` need (a team's facts, the record the form changes), read
   * once per request and handed to each: a form page need not read its facts twice. It checks
   * what the page needs checked, as `view` would.
   */
  load?: (req: FastifyRequest) => Promise<Loaded> | Loaded;
  view: (req: FastifyRequest, state: FormState, loaded: Loaded) => ComponentChildren | Promise<ComponentChildren>;
  initial?: (req: FastifyRequest, loaded: Loaded) => Promise<Values> | Values;
  /** Perform the command; return the reply (usually a redirect). Throw Invalid to re-show the form. */
  submit: (req: FastifyRequest, reply: FastifyReply, values: Values) => Promise<FastifyReply>;
}

/**
 * A GET that shows a form and a POST that submits it. On bad input the same form comes back
 * with status 422, the error summary, messages beside each field and what was typed kept.
 */
export function formPage<Loaded = undefined>(app: FastifyInstance, spec: FormPageSpec<Loaded>): void {
  const title = async (req: FastifyRequest) =>
    typeof spec.title === 'function' ? spec.title(req) : spec.title;
  // Read in the request's own handler and passed down: nothing is kept between requests.
  const load = async (req: FastifyRequest) => (spec.load ? spec.load(req) : undefined) as Loaded;
  const show = async (req: FastifyRequest, reply: FastifyReply, state: FormState, loaded: Loaded, status = 200) =>
    sendPage(req, reply, { title: await title(req), status, csrf: state.csrf, body: await spec.view(req, state, loaded) });

  addRoute(app, {
    method: 'GET',
    url: spec.url,
    action: spec.action,
    kind: 'page',
    summary: spec.summary,
    handler: async (req, reply) => {
      const loaded = await load(req);
      const values = spec.initial ? await spec.initial(req, loaded) : {};
      return show(req, reply, { values, errors: {}, csrf: csrfFor(reply) }, loaded);
    },
  });
  addRoute(app, {
    method: 'POST',
    url: spec.url,
    action: spec.submitAction ?? spec.action,
    kind: 'page',
    summary: spec.summary,
    body: spec.body,
    handler: async (req, reply) => {
      const values = formBody(req);
      try {
        return await spec.submit(req, reply, values);
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        return show(req, reply, { values, errors: error.fields, csrf: csrfFor(reply) }, await load(req), 422);
      }
    },
  });
}
