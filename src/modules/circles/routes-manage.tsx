import type { FastifyInstance } from 'fastify';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineAction, requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { Invalid } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validate.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { addRoute } from '../../web/routing.ts';
import { people } from '../people/schema.ts';
import { email } from '../people/validation.ts';
import type { Ctx } from '../../platform/context.ts';
import { addMember, checkMayAddMember, leaveCircle, loadCircleForChange } from './commands/add-member.ts';
import { createCircle } from './commands/create-circle.ts';
import { checkMayDefineHat, defineHat, hatInput } from './commands/define-hat.ts';
import { circles, logbookEntries } from './schema.ts';
import { AddMemberView, DefineHatView, NewCircleView } from './views/manage.tsx';
import { circleChoices } from './map-queries.ts';
import { CHOICES_SHOWN } from '../../web/views/chooser.tsx';

const manage = defineAction('circles.manage', { audience: 'signed-in', description: 'Create circles, add members, define hats (policy: full participants, or admins)' });
const leave = defineAction('circles.leave', { audience: 'signed-in', description: 'Leave a circle you belong to' });

const newCircleInput = z.object({
  name: z.string().trim().min(1, 'Give the circle a name').max(120, 'Name must be 120 characters or fewer'),
  aim: z.string().trim().min(1, 'Say what effect the circle wants (its aim)').max(2000),
  domain: z.string().trim().min(1, 'Say what the circle owns and decides on (its domain)').max(4000),
  parentId: z.string().optional(),
  decisionId: z.string().optional(),
});
const addMemberInput = z.object({ email, participation: z.enum(['full', 'learning', 'guest'], { error: 'Choose full, learning or guest' }) });
const leaveInput = z.object({ farewell: z.string().optional() });

/** Whether the asker may add members here: the form page is refused exactly as its POST. */
const mayAddMember = async (ctx: Ctx, input: { circleId: string }) => {
  const circle = await loadCircleForChange(ctx, input.circleId);
  await checkMayAddMember(ctx, circle);
  return circle;
};

/** Add by email: who may is checked before the address is looked up, so a refusal tells nothing. */
const addMemberByEmail = async (ctx: Ctx, input: { circleId: string; values: Record<string, unknown> }) => {
  const circle = await mayAddMember(ctx, input);
  const v = parseInput(addMemberInput, input.values);
  const [p] = await ctx.tx.select({ id: people.id }).from(people).where(eq(sql`lower(${people.email})`, v.email));
  if (!p) throw new Invalid({ email: 'Nobody in the co-op has this email address: invite them first' });
  return addMember(ctx, { circleId: circle.id, personId: p.id, participation: v.participation });
};

export function registerCircleManagementRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const param = (req: { params: unknown }) => (req.params as { id: string }).id;

  formPage(app, {
    url: '/circles/new', action: manage, title: t('Create a circle'), summary: 'Create a circle (below a parent: citing its decision)', body: newCircleInput,
    initial: (req) => ({ parentId: (req.query as { parent?: string }).parent ?? '' }),
    view: async (req, state) => {
      // The parent is found by a search, never from a list of every circle (ADR 0022).
      const who = typeof (req.query as { who?: unknown }).who === 'string' ? String((req.query as { who: string }).who).slice(0, 100) : '';
      const chosen = typeof state.values.parentId === 'string' ? state.values.parentId : undefined;
      const found = await circleChoices(db, requireActor(req.actor).personId, { search: who, chosen, limit: CHOICES_SHOWN });
      const parents = found.choices.map((c) => ({ id: c.value, name: c.label }));
      const finder = {
        action: '/circles/new', source: '/api/v1/circles/choices', target: 'parentId', label: t('Find the parent circle by name'),
        value: who, found: found.choices.length, more: found.more, noun: { one: 'circle', many: 'circles' },
      };
      // Only circles' decisions, of the parents offered: a Team's logbook is its own people's.
      const decisions = parents.length === 0 ? [] : await db
        .select({ id: logbookEntries.id, title: logbookEntries.title, circleId: logbookEntries.circleId })
        .from(logbookEntries)
        .innerJoin(circles, eq(circles.id, logbookEntries.circleId))
        .where(and(eq(logbookEntries.state, 'in_force'), eq(logbookEntries.kind, 'decision'), eq(circles.kind, 'circle'), inArray(logbookEntries.circleId, parents.map((p) => p.id))))
        .orderBy(desc(logbookEntries.adoptedAt))
        .limit(100);
      return <NewCircleView state={state} parents={parents} decisions={decisions} finder={finder} />;
    },
    submit: async (req, reply, values) => {
      const { circleId } = await run(deps, req.actor, createCircle, {
        name: String(values.name ?? ''), aim: String(values.aim ?? ''), domain: String(values.domain ?? ''),
        parentId: values.parentId ? String(values.parentId) : null, decisionId: values.decisionId ? String(values.decisionId) : null,
      });
      return reply.redirect(`/circles/${circleId}`, 303);
    },
  });

  formPage(app, {
    url: '/circles/:id/members', action: manage, title: t('Add a member'), summary: 'Add a member to a circle', body: addMemberInput,
    initial: () => ({ participation: 'full' }),
    view: async (req, state) => <AddMemberView state={state} circle={await run(deps, req.actor, mayAddMember, { circleId: param(req) })} />,
    submit: async (req, reply, values) => {
      await run(deps, req.actor, addMemberByEmail, { circleId: param(req), values });
      return reply.redirect(`/circles/${param(req)}`, 303);
    },
  });

  formPage(app, {
    url: '/circles/:id/hats/new', action: manage, title: t('Define a hat'), summary: 'Define a hat in a circle', body: hatInput,
    initial: () => ({ termMonths: '12', reviewMonths: '6', kind: 'operational' }),
    view: async (req, state) => <DefineHatView state={state} circle={await run(deps, req.actor, checkMayDefineHat, { circleId: param(req) })} />,
    submit: async (req, reply, values) => {
      await run(deps, req.actor, defineHat, { ...values, circleId: param(req) });
      return reply.redirect(`/circles/${param(req)}`, 303);
    },
  });

  addRoute(app, {
    method: 'POST', url: '/circles/:id/leave', action: leave, kind: 'page', summary: 'Leave a circle',
    handler: async (req, reply) => {
      requireActor(req.actor);
      await run(deps, req.actor, leaveCircle, { circleId: param(req), farewell: (req.body as { farewell?: unknown } | undefined)?.farewell });
      return reply.redirect('/circles', 303);
    },
  });

  // The same commands in the API.
  const json = (req: { body: unknown }) => (req.body ?? {}) as Record<string, unknown>;
  addRoute(app, {
    method: 'POST', url: '/api/v1/circles', action: manage, kind: 'api', summary: 'Create a circle', body: newCircleInput,
    handler: async (req, reply) => {
      const b = json(req);
      return reply.status(201).send(
        await run(deps, req.actor, createCircle, {
          name: String(b.name ?? ''), aim: String(b.aim ?? ''), domain: String(b.domain ?? ''),
          parentId: typeof b.parentId === 'string' ? b.parentId : null, decisionId: typeof b.decisionId === 'string' ? b.decisionId : null,
        }),
      );
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/circles/:id/members', action: manage, kind: 'api', summary: 'Add a member by email (a Team: only through its own invitations and requests)', body: addMemberInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, addMemberByEmail, { circleId: param(req), values: json(req) })),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/circles/:id/hats', action: manage, kind: 'api', summary: 'Define a hat', body: hatInput,
    handler: async (req, reply) => reply.status(201).send(await run(deps, req.actor, defineHat, { ...json(req), circleId: param(req) })),
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/circles/:id/leave', action: leave, kind: 'api', summary: 'Leave a circle (a Team: leaving well, hats handed over first, with a farewell)', body: leaveInput,
    handler: async (req, reply) => {
      await run(deps, req.actor, leaveCircle, { circleId: param(req), farewell: json(req).farewell });
      return reply.status(204).send();
    },
  });
}
