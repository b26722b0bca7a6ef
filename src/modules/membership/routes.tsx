import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { defineAction, requireActor } from '../../platform/authz.ts';
import { type Command, run } from '../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, formBody, idParam } from '../../web/routing.ts';
import { addNavLink } from '../../web/views/places.ts';
import { people } from '../people/schema.ts';
import { applyForMembership, applyInput, changeInput, changeMembership } from './commands/apply.ts';
import { addResolution, appointProxy, castVote, closeResolution, meetingInput, recordAttendance, recordMinutes, resolutionInput, scheduleGeneralMeeting, voteInput } from './commands/general-meetings.ts';
import { amountInput, buyShares, requestWithdrawal, settleWithdrawal, shareRegister, shareRegisterPage } from './commands/shares.ts';
import { isSecretary } from './policy.ts';
import { changeSetting, settingInput } from './commands/settings.ts';
import { allSettings, membersCircleId } from './settings.ts';
import { SettingsView } from './views/settings.tsx';
import { generalMeetingDetail, listGeneralMeetings, membersRegister, membersRegisterPage, myMemberships, pendingWithdrawals } from './queries.ts';
import { pageFrom } from '../../platform/keyset.ts';
import { generalMeetings, resolutions } from './schema.ts';
import { toCsv } from './csv.ts';
import { MeetingView, MeetingsView, TallyView } from './views/general-meetings.tsx';
import { MyMembershipView, RegisterView, SharesView } from './views/membership.tsx';

const A = {
  member: defineAction('membership.self', { audience: 'signed-in', description: 'Your membership, shares, votes and proxies (policy inside commands)' }),
  secretary: defineAction('membership.secretary', { audience: 'signed-in', description: "The registers and meetings (policy: the Members' Circle Secretary or admins)" }),
};
addNavLink({ place: 'coop', href: '/membership', label: 'Membership', hint: 'Your membership of the co-op and your shares.' });
addNavLink({ place: 'coop', href: '/general-meetings', label: 'General meetings', hint: 'The members’ meetings, their resolutions and votes.' });

export function registerMembershipRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const id = idParam;
  const secretaryOrRefuse = async (req: FastifyRequest) => {
    if (!(await isSecretary(db, req.actor, deps.clock.now()))) throw new NotAllowed("Only the Members' Circle's Secretary sees the registers.");
  };
  const personByEmail = async (value: unknown, field: string) => {
    const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
    const [p] = email ? await db.select({ id: people.id }).from(people).where(eq(sql`lower(${people.email})`, email)) : [];
    if (!p) throw new Invalid({ [field]: 'Nobody in the co-op has this email address' });
    return p.id;
  };

  formPage(app, {
    url: '/membership', action: A.member, title: t('Your membership'), summary: 'Your membership; apply to join', body: applyInput,
    view: async (req, state) => (
      <MyMembershipView mine={await myMemberships(db, requireActor(req.actor).personId)} state={state} tz={tz} secretary={await isSecretary(db, req.actor, deps.clock.now())} />
    ),
    submit: async (req, reply, values) => {
      await run(deps, req.actor, applyForMembership, values);
      return reply.redirect('/membership', 303);
    },
  });

  // Form posts that act and return to a page; a refusal shows the messages.
  const post = (url: string, action: string, body: Parameters<typeof addRoute>[1]['body'], back: (req: FastifyRequest) => string, act: (req: FastifyRequest, values: Record<string, unknown>) => Promise<unknown>) => {
    addRoute(app, {
      method: 'POST', url, action, kind: 'page', summary: url, body,
      handler: async (req, reply) => {
        if (action === A.secretary) await secretaryOrRefuse(req);
        await act(req, formBody(req));
        return reply.redirect(back(req), 303);
      },
    });
  };
  const api = (url: string, action: string, body: Parameters<typeof addRoute>[1]['body'], act: (req: FastifyRequest, values: Record<string, unknown>) => Promise<unknown>) => {
    addRoute(app, {
      method: 'POST', url, action, kind: 'api', summary: url, body,
      handler: async (req, reply) => {
        if (action === A.secretary) await secretaryOrRefuse(req);
        return reply.status(201).send({ result: (await act(req, (req.body ?? {}) as Record<string, unknown>)) ?? null });
      },
    });
  };
  const both = (pageUrl: string, apiUrl: string, action: string, body: Parameters<typeof addRoute>[1]['body'], back: (req: FastifyRequest) => string, act: (req: FastifyRequest, values: Record<string, unknown>) => Promise<unknown>) => {
    post(pageUrl, action, body, back, act);
    api(apiUrl, action, body, act);
  };
  const cmd = <I,>(command: Command<I, unknown>) => (req: FastifyRequest, input: I) => run(deps, req.actor, command, input);

  api('/api/v1/membership/applications', A.member, applyInput, (req, v) => cmd(applyForMembership)(req, v));
  both('/memberships/:id/change', '/api/v1/memberships/:id/change', A.member, changeInput, () => '/membership', (req, v) => cmd(changeMembership)(req, { ...v, membershipId: id(req) }));
  both('/membership/withdrawals', '/api/v1/shares/withdrawals', A.member, amountInput, () => '/membership', (req, v) => cmd(requestWithdrawal)(req, v));
  for (const step of ['approve', 'pay'] as const) {
    both(`/membership/withdrawals/:id/${step}`, `/api/v1/shares/withdrawals/:id/${step}`, A.secretary, undefined, () => '/membership/shares', (req) => cmd(settleWithdrawal)(req, { requestId: id(req), step }));
  }
  both('/membership/shares', '/api/v1/shares/purchases', A.secretary, amountInput, () => '/membership/shares', async (req, v) => cmd(buyShares)(req, { ...v, personId: await personByEmail(v.email, 'email') }));

  addRoute(app, {
    method: 'GET', url: '/membership/register', action: A.secretary, kind: 'page', summary: "The members' register",
    handler: async (req, reply) => {
      await secretaryOrRefuse(req);
      const csrf = csrfFor(reply);
      const page = await membersRegisterPage(db, pageFrom(req.query, '', 'text'));
      return sendPage(req, reply, { title: t("Members' register"), csrf, body: <RegisterView rows={page.rows} prev={page.prev} next={page.next} csrf={csrf} tz={tz} /> });
    },
  });
  for (const url of ['/membership/register.csv', '/api/v1/membership/register']) {
    addRoute(app, {
      method: 'GET', url, action: A.secretary, kind: url.startsWith('/api') ? 'api' : 'page', summary: "The members' register as CSV or JSON",
      handler: async (req, reply) => {
        await secretaryOrRefuse(req);
        const rows = await membersRegister(db);
        if (url.startsWith('/api')) return { members: rows };
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="members-register.csv"').send(toCsv(rows));
      },
    });
  }
  addRoute(app, {
    method: 'GET', url: '/membership/shares', action: A.secretary, kind: 'page', summary: 'The share register',
    handler: async (req, reply) => {
      await secretaryOrRefuse(req);
      const state = { values: {}, errors: {}, csrf: csrfFor(reply) };
      return sendPage(req, reply, { title: t('Share register'), csrf: state.csrf, body: <SharesView register={await shareRegisterPage(db, pageFrom(req.query, '', 'text'))} pending={await pendingWithdrawals(db)} state={state} /> });
    },
  });
  for (const url of ['/membership/shares.csv', '/api/v1/shares/register']) {
    addRoute(app, {
      method: 'GET', url, action: A.secretary, kind: url.startsWith('/api') ? 'api' : 'page', summary: 'The share register as CSV or JSON',
      handler: async (req, reply) => {
        await secretaryOrRefuse(req);
        const register = await shareRegister(db);
        if (url.startsWith('/api')) return register;
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="share-register.csv"').send(toCsv(register.holders.map((h) => ({ name: h.name, boughtPence: h.bought, withdrawnPence: h.withdrawn, holdingPence: h.balance }))));
      },
    });
  }

  formPage(app, {
    url: '/membership/settings', action: A.secretary, title: t('Settings the members decide'), summary: 'Change a setting, citing the decision', body: settingInput,
    view: async (req, state) => {
      await secretaryOrRefuse(req);
      const settings = await allSettings(db);
      const current = settings.filter((c) => c.key !== 'membersCircleId');
      const configured = String(settings.find((c) => c.key === 'membersCircleId')?.value ?? '');
      return <SettingsView state={state} current={current} membersCircleId={await membersCircleId(db, configured)} />;
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, changeSetting, values);
      return reply.redirect('/membership/settings', 303);
    },
  });
  api('/api/v1/membership/settings', A.secretary, settingInput, (req, v) => cmd(changeSetting)(req, v));

  const meetingsPage = async (req: FastifyRequest, reply: FastifyReply) => {
    const state = { values: {}, errors: {}, csrf: csrfFor(reply) };
    return sendPage(req, reply, { title: t('General meetings'), csrf: state.csrf, body: <MeetingsView meetings={await listGeneralMeetings(db)} state={state} secretary={await isSecretary(db, req.actor, deps.clock.now())} tz={tz} /> });
  };
  addRoute(app, { method: 'GET', url: '/general-meetings', action: A.member, kind: 'page', summary: 'General meetings', handler: meetingsPage });
  addRoute(app, { method: 'GET', url: '/api/v1/general-meetings', action: A.member, kind: 'api', summary: 'General meetings', handler: async () => ({ meetings: await listGeneralMeetings(db) }) });
  both('/general-meetings', '/api/v1/general-meetings', A.secretary, meetingInput, () => '/general-meetings', (req, v) => cmd(scheduleGeneralMeeting)(req, v));

  const meeting = async (req: FastifyRequest) => {
    const d = isUuid(id(req)) ? await generalMeetingDetail(db, id(req), requireActor(req.actor).personId) : null;
    if (!d) throw new NotFound(t('That meeting was not found.'));
    return d;
  };
  addRoute(app, {
    method: 'GET', url: '/general-meetings/:id', action: A.member, kind: 'page', summary: 'A general meeting',
    handler: async (req, reply) => {
      const d = await meeting(req);
      const state = { values: {}, errors: {}, csrf: csrfFor(reply) };
      return sendPage(req, reply, { title: d.meeting.title, csrf: state.csrf, body: <MeetingView d={d} state={state} secretary={await isSecretary(db, req.actor, deps.clock.now())} tz={tz} /> });
    },
  });
  addRoute(app, { method: 'GET', url: '/api/v1/general-meetings/:id', action: A.member, kind: 'api', summary: 'A general meeting', handler: async (req) => meeting(req) });
  const back = (req: FastifyRequest) => `/general-meetings/${id(req)}`;
  both('/general-meetings/:id/attendance', '/api/v1/general-meetings/:id/attendance', A.secretary, undefined, back, async (req, v) => cmd(recordAttendance)(req, { meetingId: id(req), personId: await personByEmail(v.email, 'email') }));
  both('/general-meetings/:id/proxies', '/api/v1/general-meetings/:id/proxies', A.member, undefined, back, async (req, v) => cmd(appointProxy)(req, { meetingId: id(req), holderId: await personByEmail(v.holderEmail, 'holderEmail') }));
  both('/general-meetings/:id/resolutions', '/api/v1/general-meetings/:id/resolutions', A.secretary, resolutionInput, back, (req, v) => cmd(addResolution)(req, { ...v, meetingId: id(req) }));
  both('/general-meetings/:id/minutes', '/api/v1/general-meetings/:id/minutes', A.secretary, undefined, back, (req, v) => cmd(recordMinutes)(req, { meetingId: id(req), minutes: v.minutes }));

  const resolution = async (req: FastifyRequest) => {
    const [r] = isUuid(id(req)) ? await db.select().from(resolutions).where(eq(resolutions.id, id(req))) : [];
    if (!r) throw new NotFound(t('That resolution was not found.'));
    return r;
  };
  const toMeeting = async (req: FastifyRequest) => `/general-meetings/${(await resolution(req)).meetingId}`;
  addRoute(app, {
    method: 'GET', url: '/resolutions/:id', action: A.member, kind: 'page', summary: 'A resolution and its tally',
    handler: async (req, reply) => {
      const r = await resolution(req);
      const [m] = await db.select().from(generalMeetings).where(eq(generalMeetings.id, r.meetingId));
      return sendPage(req, reply, { title: t('Tally'), body: <TallyView r={r} meetingTitle={m?.title ?? ''} /> });
    },
  });
  addRoute(app, { method: 'GET', url: '/api/v1/resolutions/:id', action: A.member, kind: 'api', summary: 'A resolution and its tally (never individual votes)', handler: async (req) => resolution(req) });
  addRoute(app, {
    method: 'POST', url: '/resolutions/:id/votes', action: A.member, kind: 'page', summary: 'Vote on a resolution', body: voteInput,
    handler: async (req, reply) => {
      await run(deps, req.actor, castVote, { ...formBody(req), resolutionId: id(req) });
      return reply.redirect(await toMeeting(req), 303);
    },
  });
  api('/api/v1/resolutions/:id/votes', A.member, voteInput, (req, v) => cmd(castVote)(req, { ...v, resolutionId: id(req) }));
  both('/resolutions/:id/close', '/api/v1/resolutions/:id/close', A.secretary, undefined, (req) => `/resolutions/${id(req)}`, (req) => cmd(closeResolution)(req, { resolutionId: id(req) }));
}
