import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, defineAction, requireActor } from '../../platform/authz.ts';
import { type Command, run } from '../../platform/context.ts';
import { Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, formBody, idParam } from '../../web/routing.ts';
import { ActionButton, Checkbox, Field, Form, type FormState, Select } from '../../web/views/forms.tsx';
import { people } from '../people/schema.ts';
import { decideJoin, describeState, inviteInput, inviteToTeam, requestInput, requestToJoin } from './commands/joining.ts';
import { acceptPromise, giveNotice, leaveTeam, nameTeamHats, removeFromTeam, setAdvocate, stepBack } from './commands/team.ts';
import { type TeamFacts, canWelcome, isInTeam, teamFacts } from './policy.ts';
import { currentPromise } from './promise.ts';
import { myTeams, teamOverview } from './queries.ts';
import { supporterKinds } from './schema.ts';
import { registerProfileRoutes } from './routes-profile.tsx';
import { registerTeamApi } from './routes-api.ts';
import { careMapOf } from './care-map/queries.ts';
import { PromiseText, TeamPage, TrialLinks } from './views/team.tsx';
import './hat-guard.ts';
import './circle-rules.ts';

export const teamsView = defineAction('teams.view', { audience: 'signed-in', description: "A team's page (policy: the team's own people, and those invited or asking)" });
export const teamsJoin = defineAction('teams.join', { audience: 'signed-in', description: 'Invite, ask, answer and debrief (policy: invited person, owner side, membership hat)' });
export const teamsManage = defineAction('teams.manage', { audience: 'signed-in', description: 'Promise, hats, stepping back, leaving well (policy: owner side or team members)' });

const leaveBody = z.object({ what: z.enum(['notice', 'leave']), leavingOn: z.string().optional(), handover: z.string().optional(), farewell: z.string().optional() });
const kindOptions = supporterKinds.map((k) => ({ value: k, label: t(k.replace('-', ' ')) }));

export function registerTeamRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const id = idParam;
  const overviewPage = async (req: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) => {
    const actor = requireActor(req.actor);
    const o = await teamOverview(db, actor, id(req), deps.clock.now());
    const careMap = o.around ? careMapOf(actor, o, o.around) : null;
    return sendPage(req, reply, { title: o.facts.team.name, status, csrf: state.csrf, body: <TeamPage o={o} careMap={careMap} state={state} tz={tz} me={actor.personId} /> });
  };

  addRoute(app, {
    method: 'GET', url: '/teams', action: teamsView, kind: 'page', summary: 'Your teams',
    handler: async (req, reply) => {
      const mine = await myTeams(db, requireActor(req.actor).personId);
      return sendPage(req, reply, {
        title: t('Your teams'),
        body: (
          <>
            <h1>{t('Your teams')}</h1>
            {mine.teams.length === 0 ? <p>{t('You are not in a team yet.')}</p> : null}
            <ul>{mine.teams.map((x) => <li key={x.id}><a href={`/teams/${x.id}`}>{x.name}</a></li>)}</ul>
            {mine.open.length ? <h2>{t('Invitations, requests and trials')}</h2> : null}
            <ul>{mine.open.map(({ join, team }) => <li key={join.id}><a href={`/teams/${join.teamId}/joins/${join.id}`}>{team}</a>: {t(describeState(join.state))}</li>)}</ul>
          </>
        ),
      });
    },
  });
  addRoute(app, { method: 'GET', url: '/teams/:id', action: teamsView, kind: 'page', summary: "A team's page", handler: (req, reply) => overviewPage(req, reply, { values: {}, errors: {}, csrf: csrfFor(reply) }) });

  // One-form actions on the team page: on bad input the team page comes back with the errors.
  const teamPost = (url: string, action: string, command: Command<Record<string, unknown> & { teamId: string }, unknown>) =>
    addRoute(app, {
      method: 'POST', url: `/teams/:id/${url}`, action, kind: 'page', summary: `Team: ${url}`,
      handler: async (req, reply) => {
        const values = formBody(req);
        try {
          await run(deps, req.actor, command, { ...values, teamId: id(req) });
        } catch (error) {
          if (!(error instanceof Invalid)) throw error;
          return overviewPage(req, reply, { values, errors: error.fields, csrf: csrfFor(reply) }, 422);
        }
        // Someone who has just left or stepped back no longer sees the team: send them to their teams.
        return reply.redirect(['step-back'].includes(url) ? '/teams' : `/teams/${id(req)}`, 303);
      },
    });
  teamPost('hats', teamsManage, nameTeamHats);
  teamPost('step-back', teamsManage, stepBack);
  teamPost('advocate', teamsManage, setAdvocate);
  teamPost('remove', teamsManage, (ctx, i) => removeFromTeam(ctx, { teamId: i.teamId, personId: i.personId }));

  const teamName = async (req: FastifyRequest) => (await teamFacts(db, id(req), deps.clock.now())).team.name;
  /**
   * The name of a team for a form page, once the asker may do what the form does: refused as its
   * POST would be (someone outside the team is told it does not exist), so nothing leaks.
   */
  const formTeamName = async (req: FastifyRequest, may: (actor: Actor, f: TeamFacts) => boolean, refusal: string) => {
    const actor = requireActor(req.actor);
    const f = await teamFacts(db, id(req), deps.clock.now());
    if (!isInTeam(actor, f)) throw new NotFound(t('That team was not found.'));
    if (!may(actor, f)) throw new NotAllowed(t(refusal));
    return f.team.name;
  };
  const mayInvite = (req: FastifyRequest) => formTeamName(req, (a, f) => canWelcome(a, f), "Only the team owner, their advocate or the team's membership hat can invite.");
  const mayLeave = (req: FastifyRequest) => formTeamName(req, (a, f) => f.memberIds.includes(a.personId) && a.personId !== f.team.ownerId, 'The owner does not leave their own team.');
  formPage(app, {
    url: '/teams/:id/invite', action: teamsJoin, title: t('Invite someone'), summary: 'Invite someone to the team', body: inviteInput,
    initial: async (req) => {
      await mayInvite(req);
      const personId = (req.query as { personId?: string }).personId;
      const [person] = isUuid(personId) ? await db.select({ email: people.email }).from(people).where(eq(people.id, personId)) : [];
      return { email: person?.email ?? '', supporterKind: 'friend' };
    },
    view: async (req, state) => (
      <>
        <h1>{t('Invite someone to {team}', { team: await mayInvite(req) })}</h1>
        <p>{t('They join only if they accept, and only after a trial of 1 to 3 sessions that both sides agree went well.')}</p>
        <Form action={`/teams/${id(req)}/invite`} state={state} submit={t('Send the invitation')}>
          <Field name="email" label={t('Their email address (they must already be in the co-op)')} type="email" state={state} />
          <Select name="supporterKind" label={t('How they would support the team')} state={state} options={kindOptions} />
          <Field name="message" label={t('A message for them (optional)')} type="textarea" state={state} />
        </Form>
      </>
    ),
    submit: async (req, reply, values) => {
      const email = String(values.email ?? '').trim().toLowerCase();
      const [person] = email ? await db.select({ id: people.id }).from(people).where(eq(people.email, email)) : [];
      if (!person) throw new Invalid({ email: email ? 'Nobody in the co-op has that email address' : 'Enter their email address' });
      try {
        const { joinId } = await run(deps, req.actor, inviteToTeam, { ...values, personId: person.id, teamId: id(req) });
        return reply.redirect(`/teams/${id(req)}/joins/${joinId}`, 303);
      } catch (error) {
        if (error instanceof Invalid && error.fields.personId) throw new Invalid({ email: error.fields.personId });
        throw error;
      }
    },
  });
  formPage(app, {
    url: '/teams/:id/request', action: teamsJoin, title: t('Ask to join'), summary: 'Ask to join a team', body: requestInput,
    view: async (req, state) => (
      <>
        <h1>{t('Ask to join {team}', { team: await teamName(req) })}</h1>
        <p>{t('The owner (or their advocate) decides. If they agree, you start with a trial.')}</p>
        <Form action={`/teams/${id(req)}/request`} state={state} submit={t('Ask to join')}>
          <Select name="supporterKind" label={t('How you would support the team')} state={state} options={kindOptions} />
          <Field name="message" label={t('A message for the owner (optional)')} type="textarea" state={state} />
        </Form>
      </>
    ),
    submit: async (req, reply, values) => {
      const { joinId } = await run(deps, req.actor, requestToJoin, { ...values, teamId: id(req) });
      return reply.redirect(`/teams/${id(req)}/joins/${joinId}`, 303);
    },
  });

  addRoute(app, {
    method: 'GET', url: '/teams/:id/joins/:joinId', action: teamsJoin, kind: 'page', summary: 'An invitation, request or trial',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const { joinId } = req.params as { joinId: string };
      const o = await teamOverview(db, actor, id(req), deps.clock.now());
      const found = (o.welcomer ? o.joins : o.myJoins).find((j) => j.join.id === joinId);
      if (!found) throw new NotFound(t('That invitation or request was not found.'));
      const { join, name } = found;
      const csrf = csrfFor(reply);
      const isSubject = join.personId === actor.personId;
      const step = (s: string, label: string) => <ActionButton action={`/teams/${o.facts.team.id}/joins/${join.id}`} csrf={csrf} fields={{ step: s }} label={label} />;
      const state = { values: { trialSessions: String(join.trialSessions ?? 2) }, errors: {}, csrf };
      return sendPage(req, reply, {
        title: t('Joining {team}', { team: o.facts.team.name }), csrf,
        body: (
          <>
            <h1>{t('{name} and {team}', { name, team: o.facts.team.name })}</h1>
            <p>{t(join.route === 'invite' ? 'Invited' : 'Asked to join')} · {t(join.supporterKind)} · {t(describeState(join.state))}</p>
            {join.message ? <p class="prose">{join.message}</p> : null}
            {join.trialSessions ? <p>{t('Trial: {n} sessions', { n: join.trialSessions })}</p> : null}
            {join.debrief ? <p class="prose">{t('Debrief')}: {join.debrief}</p> : null}
            {join.state === 'invited' && isSubject ? <p>{step('accept', t('Accept: start a trial'))} {step('decline', t('Decline'))}</p> : null}
            {join.state === 'requested' && o.welcomer && !isSubject ? (
              <Form action={`/teams/${o.facts.team.id}/joins/${join.id}`} state={state} submit={t('Agree to a trial')}>
                <input type="hidden" name="step" value="approve" />
                <Field name="trialSessions" label={t('Trial sessions (1 to 3)')} type="number" state={state} />
              </Form>
            ) : null}
            {join.state === 'requested' && o.welcomer && !isSubject ? <p>{step('refuse', t('Say no'))}</p> : null}
            {join.state === 'trial' && o.welcomer && !isSubject ? (
              <Form action={`/teams/${o.facts.team.id}/joins/${join.id}`} state={state} submit={t('Record the debrief: joined')}>
                <input type="hidden" name="step" value="join" />
                <Field name="debrief" label={t('Debrief notes (optional)')} type="textarea" state={state} />
              </Form>
            ) : null}
            {join.state === 'trial' ? <TrialLinks teamId={o.facts.team.id} onTrial={isSubject} paid={join.supporterKind === 'paid'} books={o.welcomer && !isSubject} /> : null}
            {join.state === 'trial' && (o.welcomer || isSubject) ? <p>{step('not-continue', t('Not continuing (no reason needed)'))}</p> : null}
            {['invited', 'requested'].includes(join.state) && join.startedBy === actor.personId ? <p>{step('withdraw', t('Withdraw'))}</p> : null}
            <p><a href={`/teams/${o.facts.team.id}`}>{t('Back to the team')}</a></p>
          </>
        ),
      });
    },
  });
  addRoute(app, {
    method: 'POST', url: '/teams/:id/joins/:joinId', action: teamsJoin, kind: 'page', summary: 'Answer, decide or debrief',
    handler: async (req, reply) => {
      const { joinId } = req.params as { joinId: string };
      await run(deps, req.actor, decideJoin, { ...formBody(req), joinId });
      return reply.redirect(`/teams/${id(req)}/joins/${joinId}`, 303);
    },
  });

  formPage(app, {
    url: '/teams/:id/promise', action: teamsManage, title: t('The Getting Support Promise'), summary: 'Read and accept the Getting Support Promise', body: z.object({ agree: z.string().optional() }),
    view: async (req, state) => {
      const o = await teamOverview(db, requireActor(req.actor), id(req), deps.clock.now());
      return (
        <>
          <h1>{t('The Getting Support Promise')}</h1>
          <p>{t('Version {v}, in force from {from}.', { v: currentPromise.version, from: currentPromise.from })}</p>
          <PromiseText text={currentPromise.text} />
          {o.promise ? <p>{t('{team} accepted this Promise.', { team: o.facts.team.name })}</p> : null}
          {!o.promise && o.ownerSide ? (
            <Form action={`/teams/${id(req)}/promise`} state={state} submit={t('Accept the Promise')}>
              <Checkbox name="agree" label={t('I agree to the Getting Support Promise for {team}', { team: o.facts.team.name })} state={state} />
            </Form>
          ) : null}
        </>
      );
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, acceptPromise, { teamId: id(req), agree: values.agree });
      return reply.redirect(`/teams/${id(req)}`, 303);
    },
  });

  formPage(app, {
    url: '/teams/:id/leave', action: teamsManage, title: t('Leaving the team'), summary: 'Give notice, or leave with a farewell', body: leaveBody,
    view: async (req, state) => (
      <>
        <h1>{t('Leaving {team} well', { team: await mayLeave(req) })}</h1>
        <p>{t('Tell the owner early, find cover, hand over, and give your hats to someone else before you go.')}</p>
        <Form action={`/teams/${id(req)}/leave`} state={state} submit={t('Give notice')}>
          <input type="hidden" name="what" value="notice" />
          <Field name="leavingOn" label={t('The date you will leave')} type="date" state={state} />
          <Field name="handover" label={t('Your handover: what, and to whom')} type="textarea" state={state} />
        </Form>
        <h2>{t('Leave now')}</h2>
        <Form action={`/teams/${id(req)}/leave`} state={state} submit={t('Leave the team')}>
          <input type="hidden" name="what" value="leave" />
          <Field name="farewell" label={t('Your farewell in the team chat')} type="textarea" state={state} />
        </Form>
      </>
    ),
    submit: async (req, reply, values) => {
      const leaving = values.what === 'leave';
      if (leaving) await run(deps, req.actor, leaveTeam, { ...values, teamId: id(req) });
      else await run(deps, req.actor, giveNotice, { ...values, teamId: id(req) });
      return reply.redirect(leaving ? '/teams' : `/teams/${id(req)}`, 303);
    },
  });

  registerProfileRoutes(app);
  registerTeamApi(app);
}
