import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import { type Command, run } from '../../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { formPage } from '../../../web/form-page.tsx';
import { t } from '../../../web/i18n.ts';
import { csrfFor, sendPage } from '../../../web/render.tsx';
import { addRoute, formBody, idParam } from '../../../web/routing.ts';
import { emptyForm, type FormState } from '../../../web/views/forms.tsx';
import { addNavLink } from '../../../web/views/places.ts';
import { A } from '../actions.ts';
import { isOwnerSide } from '../policy.ts';
import { addCareLog, addInput, correctCareLog, correctInput } from './add-log.ts';
import { adjustCareLog, adjustInput, confirmCareLog, disputeCareLog, disputeInput, resolveCareLog, resolveInput } from './commands.ts';
import { autoConfirmFor } from './jobs.ts';
import { assertMayAddLog, listReadReason, logFacts } from './policy.ts';
import { type CareLogView, listTeamCareLogs, logsWaitingFor, namesOf, readCareLog } from './queries.ts';
import { registerCareLogApi } from './routes-api.ts';
import { autoConfirmInput, setAutoConfirm } from './settings.ts';
import { toLocalInput } from './times.ts';
import { CareLogPage, type LogForm, logForms } from './views/log-page.tsx';
import { AddLogForm, SettingsForm, TeamLogsPage, WaitingPage } from './views/lists.tsx';

addNavLink({ place: 'teams', href: '/care-logs', label: 'Care logs', hint: 'Care logs waiting for you to confirm or resolve.' });

type LogCommand = Command<Record<string, unknown> & { logId: string }, unknown>;

/** The log page's forms name their fields "<form>-<field>" so one page can hold several forms with unique ids. */
const prefixed = (form: string, schema: z.ZodObject) => z.object(Object.fromEntries(Object.keys(schema.shape).filter((k) => k !== 'timeZone').map((k) => [`${form}-${k}`, z.unknown()])));
const unprefix = (form: string, values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith(`${form}-`)).map(([k, v]) => [k.slice(form.length + 1), v]));
const prefix = (form: string, errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === '_form' ? k : `${form}-${k}`, v]));

export function registerCareLogRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const id = idParam;

  const initialValues = (view: CareLogView): Record<LogForm, Record<string, unknown>> => {
    const times = (form: string) => ({ [`${form}-startsAt`]: toLocalInput(view.log.startsAt, tz), [`${form}-endsAt`]: toLocalInput(view.log.endsAt, tz) });
    return { adjust: times('adjust'), dispute: {}, resolve: { ...times('resolve'), 'resolve-outcome': 'confirmed' }, correct: { ...times('correct'), 'correct-activity': view.log.activity } };
  };

  const showLog = async (req: FastifyRequest, reply: FastifyReply, shown: { form?: LogForm; state?: Omit<FormState, 'csrf'>; pageError?: string; status?: number } = {}) => {
    const view = await run(deps, req.actor, readCareLog, { logId: id(req) });
    const csrf = csrfFor(reply);
    const initial = initialValues(view);
    const forms = Object.fromEntries(logForms.map((f) => [f, emptyForm(csrf, initial[f])])) as Record<LogForm, FormState>;
    if (shown.form && shown.state) forms[shown.form] = { ...shown.state, csrf };
    const title = t('Care log');
    return sendPage(req, reply, { title, csrf, status: shown.status, body: <CareLogPage view={view} forms={{ ...forms, csrf }} pageError={shown.pageError} tz={tz} /> });
  };

  addRoute(app, {
    method: 'GET', url: '/care-logs', action: A.logsView, kind: 'page', summary: 'Care logs waiting for you to confirm or resolve (each team shown is logged)',
    handler: async (req, reply) => {
      const view = await run(deps, req.actor, logsWaitingFor, {});
      return sendPage(req, reply, { title: t('Care logs waiting for you'), body: <WaitingPage view={view} tz={tz} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/teams/:id/care-logs', action: A.logsView, kind: 'page', summary: "A team's care logs by state and month (the read is logged)",
    handler: async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      try {
        const view = await run(deps, req.actor, listTeamCareLogs, { ...query, timeZone: tz, teamId: id(req) });
        return sendPage(req, reply, { title: t('Care logs'), body: <TeamLogsPage view={view} tz={tz} filterErrors={{}} /> });
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        const view = await run(deps, req.actor, listTeamCareLogs, { timeZone: tz, teamId: id(req) });
        return sendPage(req, reply, { title: t('Care logs'), status: 422, body: <TeamLogsPage view={view} tz={tz} filterErrors={error.fields} /> });
      }
    },
  });
  addRoute(app, {
    method: 'GET', url: '/care-logs/:id', action: A.logsView, kind: 'page', summary: 'A care log with its history and the steps you can take (the read is logged)',
    handler: async (req, reply) => showLog(req, reply),
  });

  const steps: [LogForm | 'confirm', z.ZodObject | null, LogCommand, string, string][] = [
    ['confirm', null, confirmCareLog, A.logsRecord, 'Confirm a care log for your side'],
    ['adjust', adjustInput, adjustCareLog, A.logsRecord, 'Propose other times for a care log, with a reason'],
    ['dispute', disputeInput, disputeCareLog, A.logsRecord, 'Dispute a care log, with a reason'],
    ['resolve', resolveInput, resolveCareLog, A.logsResolve, 'Resolve a disputed care log: confirmed with agreed times, or void'],
    ['correct', correctInput, correctCareLog, A.logsRecord, 'Correct a confirmed care log: a new, linked log'],
  ];
  for (const [step, schema, command, action, summary] of steps) {
    addRoute(app, {
      method: 'POST', url: `/care-logs/:id/${step}`, action, kind: 'page', summary, body: schema ? prefixed(step, schema) : undefined,
      handler: async (req, reply) => {
        const values = formBody(req);
        let target = id(req);
        try {
          const result = await run(deps, req.actor, command, { ...unprefix(step, values), timeZone: tz, logId: id(req) });
          if (step === 'correct') target = (result as { logId: string }).logId;
        } catch (error) {
          if (error instanceof Invalid && step !== 'confirm') return showLog(req, reply, { form: step, state: { values, errors: prefix(step, error.fields) }, status: 422 });
          if (error instanceof Conflict || error instanceof Invalid) return showLog(req, reply, { pageError: error.message, status: error.status });
          throw error;
        }
        return reply.redirect(`/care-logs/${target}`, 303);
      },
    });
  }

  const teamFor = async (req: FastifyRequest) => {
    const actor = requireActor(req.actor);
    const facts = await logFacts(db, id(req), deps.clock.now(), actor);
    if (!listReadReason(actor, facts)) throw new NotFound(t('That team was not found.'));
    return { actor, facts };
  };
  formPage(app, {
    url: '/teams/:id/care-logs/new', action: A.logsView, submitAction: A.logsRecord, title: t('Add a care log'), summary: 'Add a care log for support that happened', body: addInput.omit({ timeZone: true }),
    view: async (req, state) => {
      const actor = requireActor(req.actor);
      const facts = await logFacts(db, id(req), deps.clock.now(), actor);
      // Refused exactly as the POST is: the team's people and a person on trial log support; a
      // reader with special access does not.
      assertMayAddLog(actor, facts);
      const ownerSide = isOwnerSide(actor, facts);
      const inTeam = [...facts.memberIds, ...facts.trialists.keys()];
      const candidates = inTeam.filter((p) => p !== facts.team.ownerId && p !== facts.advocateId);
      const names = await namesOf(db, candidates);
      const supporters = ownerSide ? candidates.map((p) => ({ value: p, label: names.get(p) ?? '' })) : null;
      return <AddLogForm state={state} teamId={facts.team.id} teamName={facts.team.name} supporters={supporters} />;
    },
    submit: async (req, reply, values) => {
      const { logId } = await run(deps, req.actor, addCareLog, { ...values, timeZone: tz, teamId: id(req) });
      return reply.redirect(`/care-logs/${logId}`, 303);
    },
  });
  formPage(app, {
    url: '/teams/:id/care-logs/settings', action: A.logsView, submitAction: A.logsRecord, title: t('Auto-confirm'), summary: "Set after how many days a team's unanswered care logs confirm themselves (owner's side)", body: autoConfirmInput,
    // The team's facts and its setting, read once for the form's values and its view.
    load: async (req) => {
      const { actor, facts } = await teamFor(req);
      return { actor, facts, current: await autoConfirmFor(db, facts.team.id) };
    },
    initial: (_req, { current }) => ({ autoConfirmDays: current.team === null ? '' : String(current.team) }),
    view: (_req, state, { actor, facts, current }) => (
      <SettingsForm state={state} teamId={facts.team.id} teamName={facts.team.name} coop={current.coop} canSet={isOwnerSide(actor, facts)} />
    ),
    submit: async (req, reply, values) => {
      await run(deps, req.actor, setAutoConfirm, { ...values, teamId: id(req) });
      return reply.redirect(`/teams/${id(req)}/care-logs`, 303);
    },
  });

  registerCareLogApi(app);
}
