import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { run } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed, NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { formPage } from '../../../web/form-page.tsx';
import { t } from '../../../web/i18n.ts';
import { csrfFor, sendPage } from '../../../web/render.tsx';
import { addRoute, formBody, jsonBody, idParam } from '../../../web/routing.ts';
import { A } from '../actions.ts';
import { careFacts, isInTeam } from '../policy.ts';
import { medicines } from '../schema.ts';
import { readMar } from './chart.ts';
import { addMedicine, doseInput, mayManageMedicines, medicineInput, recordDose, stopMedicine } from './commands.ts';
import { localDay } from './time.ts';
import { AddMedicineForm, type DoseFormError, MarPage } from './views.tsx';
import './missed.ts';

/** The MAR chart per day, medicines and doses: pages and the same commands as JSON. */
export function registerMedicationRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const id = idParam;

  const showMar = async (req: FastifyRequest, reply: FastifyReply, teamId: string, date: unknown, shown: { doseError?: DoseFormError; pageError?: string; status?: number } = {}) => {
    const view = await run(deps, req.actor, readMar, { teamId, date });
    const csrf = csrfFor(reply);
    return sendPage(req, reply, { title: t('Medication record (MAR)'), csrf, status: shown.status, body: <MarPage view={view} tz={tz} now={deps.clock.now()} csrf={csrf} doseError={shown.doseError} pageError={shown.pageError} /> });
  };
  /** The team a medicine belongs to, for sending the person back to its chart. */
  const teamOf = async (medicineId: string): Promise<string> => {
    const [m] = isUuid(medicineId) ? await db.select({ teamId: medicines.teamId }).from(medicines).where(eq(medicines.id, medicineId)) : [];
    if (!m) throw new NotFound(t('That medicine was not found.'));
    return m.teamId;
  };

  addRoute(app, {
    method: 'GET', url: '/teams/:id/mar', action: A.marView, kind: 'page', summary: "A day of the owner's medication record (?date=YYYY-MM-DD; the read is logged; prints as a MAR chart)",
    handler: async (req, reply) => showMar(req, reply, id(req), (req.query as { date?: string }).date),
  });
  addRoute(app, {
    method: 'POST', url: '/medicines/:id/doses', action: A.marRecord, kind: 'page', summary: 'Record what happened with a dose (paid workers and the MAR Holder only)', body: doseInput,
    handler: async (req, reply) => {
      const values = formBody(req);
      const dueAt = typeof values.dueAt === 'string' && !Number.isNaN(new Date(values.dueAt).getTime()) ? new Date(values.dueAt) : null;
      try {
        await run(deps, req.actor, recordDose, { ...values, medicineId: id(req) });
      } catch (error) {
        if (!(error instanceof Invalid) && !(error instanceof Conflict)) throw error;
        const teamId = await teamOf(id(req));
        const date = dueAt ? localDay(dueAt) : undefined;
        if (error instanceof Conflict) return showMar(req, reply, teamId, date, { pageError: error.message, status: 409 });
        return showMar(req, reply, teamId, date, { doseError: { medicineId: id(req), dueAt: dueAt?.toISOString() ?? '', values, errors: error.fields }, status: 422 });
      }
      const teamId = await teamOf(id(req));
      return reply.redirect(`/teams/${teamId}/mar?date=${dueAt ? localDay(dueAt) : ''}`, 303);
    },
  });
  addRoute(app, {
    method: 'POST', url: '/medicines/:id/stop', action: A.marRecord, kind: 'page', summary: 'Stop a medicine from now (the MAR Holder or the owner\'s side)',
    handler: async (req, reply) => {
      try {
        await run(deps, req.actor, stopMedicine, { medicineId: id(req) });
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        return showMar(req, reply, await teamOf(id(req)), undefined, { pageError: error.message, status: 409 });
      }
      return reply.redirect(`/teams/${await teamOf(id(req))}/mar`, 303);
    },
  });
  const manageable = async (req: FastifyRequest) => {
    const facts = await careFacts(db, id(req), deps.clock.now());
    if (!isInTeam(req.actor, facts)) throw new NotFound(t('That team was not found.'));
    return { facts, may: mayManageMedicines(req.actor, facts) };
  };
  formPage(app, {
    url: '/teams/:id/medicines/new', action: A.marRecord, title: t('Add a medicine'), summary: "Add a medicine to the owner's MAR (the MAR Holder or the owner's side)", body: medicineInput,
    initial: async (req) => {
      const { may } = await manageable(req);
      if (!may) throw new NotAllowed(t("Only the team's MAR Holder, or the owner or their advocate, adds or stops medicines."));
      return { startsOn: localDay(deps.clock.now()) };
    },
    view: async (req, state) => {
      const { facts } = await manageable(req);
      return <AddMedicineForm state={state} teamId={facts.team.id} teamName={facts.team.name} />;
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, addMedicine, { ...values, teamId: id(req) });
      return reply.redirect(`/teams/${id(req)}/mar?date=${String(values.startsOn ?? '')}`, 303);
    },
  });

  addRoute(app, {
    method: 'GET', url: '/api/v1/teams/:id/mar', action: A.marView, kind: 'api', summary: "A day of the owner's medication record (?date=YYYY-MM-DD; the read is logged)",
    handler: async (req) => {
      const view = await run(deps, req.actor, readMar, { teamId: id(req), date: (req.query as { date?: string }).date });
      return { team: { id: view.team.id, name: view.team.name }, day: view.day, readReason: view.readReason, mayRecord: view.mayRecord, medicines: view.rows.map((r) => ({ ...r.medicine, doses: r.doses })) };
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/teams/:id/medicines', action: A.marRecord, kind: 'api', summary: "Add a medicine to the owner's MAR: name, dose, instructions, times (HH:MM, UK time), startsOn, endsOn", body: medicineInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, addMedicine, { ...jsonBody(req), teamId: id(req) })),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/medicines/:id/stop', action: A.marRecord, kind: 'api', summary: 'Stop a medicine from now', body: z.object({}),
    handler: async (req) => ({ result: (await run(deps, req.actor, stopMedicine, { medicineId: id(req) })) ?? null }),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/medicines/:id/doses', action: A.marRecord, kind: 'api', summary: 'Record a dose: dueAt (ISO time), outcome (given, refused, already_taken, not_required), note; 409 if already recorded', body: doseInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, recordDose, { ...jsonBody(req), medicineId: id(req) })),
  });
}
