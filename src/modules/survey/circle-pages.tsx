import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { NotFound } from '../../platform/errors.ts';
import { formPage } from '../../web/form-page.tsx';
import { formatDate } from '../../web/format.ts';
import { t } from '../../web/i18n.ts';
import { sendPage } from '../../web/render.tsx';
import { addRoute, idParam } from '../../web/routing.ts';
import { Field, Form, Select } from '../../web/views/forms.tsx';
import { canSeeCircle } from '../circles/policy.ts';
import { circleMembership, circlesOf, getCircle } from '../circles/queries.ts';
import { addStatement, openRound } from './commands.ts';
import { runsSurveys } from './policy.ts';
import { roundsOfCircle, setsFor, surveyDecisions, surveysOpenFor } from './queries.ts';
import { S } from './routes.tsx';
import { stakeholderGroups, surveyDomains } from './schema.ts';
import { statementsOf } from './standard-set.ts';
import { domainLabels, groupLabels } from './words.ts';

export function registerSurveyCirclePages(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const now = () => deps.clock.now();

  /** The circle at :id, if the asker may see it, and whether they run its surveys. */
  const circleFor = async (req: FastifyRequest) => {
    const actor = requireActor(req.actor);
    const circle = await getCircle(db, idParam(req));
    if (!circle) throw new NotFound(t('That circle was not found.'));
    const members = await circleMembership(db, circle.id, now());
    if (!canSeeCircle(actor, circle, members.some((m) => m.personId === actor.personId))) throw new NotFound(t('That circle was not found.'));
    return { circle, runs: runsSurveys(actor, members) };
  };

  addRoute(app, {
    method: 'GET', url: '/survey', action: S.view, kind: 'page', summary: 'Surveys open for you, and the survey rounds of your circles',
    handler: async (req, reply) => {
      const actor = requireActor(req.actor);
      const open = await surveysOpenFor(db, actor.personId, now());
      const mine = (await circlesOf(db, actor.personId)).filter((c) => c.kind === 'circle');
      const circles = [];
      for (const c of mine.slice(0, 20)) {
        const circle = await getCircle(db, c.id);
        if (circle) circles.push({ circle, rounds: (await roundsOfCircle(db, c.id)).slice(0, 5) });
      }
      return sendPage(req, reply, {
        title: t('Surveys'),
        body: (
          <>
            <h1>{t('Surveys')}</h1>
            <p>{t('Each circle asks the people of the co-op, now and then, how things are going: growth; well-being, relationships and belonging; and how we run things together. Answers are anonymous.')}</p>
            <h2>{t('Open for you')}</h2>
            {open.length ? <ul>{open.map((r) => <li key={r.id}><a href={r.href}>{r.title}</a> · {t('until {day}', { day: formatDate(new Date(r.closesAt.getTime() - 1), tz) })}</li>)}</ul> : <p>{t('No survey is waiting for your answers.')}</p>}
            <h2>{t('Your circles’ survey rounds')}</h2>
            {circles.length ? (
              <ul>
                {circles.map(({ circle, rounds }) => (
                  <li key={circle.id}>
                    <a href={`/circles/${circle.id}/survey`}>{circle.name}</a>
                    {rounds.length ? <ul>{rounds.map((r) => <li key={r.id}><a href={`/survey/rounds/${r.id}`}>{r.title}</a> · {t(r.state)}{r.state === 'closed' ? <> · <a href={`/survey/rounds/${r.id}/results`}>{t('results')}</a></> : null}</li>)}</ul> : null}
                  </li>
                ))}
              </ul>
            ) : <p>{t('You are not in a circle that runs surveys.')}</p>}
          </>
        ),
      });
    },
  });

  formPage(app, {
    url: '/circles/:id/survey', action: S.view, submitAction: S.run, title: t('Social climate survey'), summary: "A circle's survey rounds; open one on the circle's decision", body: z.object({ decisionId: z.string().optional() }),
    view: async (req, state) => {
      const { circle, runs } = await circleFor(req);
      const rounds = await roundsOfCircle(db, circle.id);
      const decisions = runs ? await surveyDecisions(db, circle.id) : [];
      return (
        <>
          <p><a href={`/circles/${circle.id}`}>{circle.name}</a></p>
          <h1>{t('{circle}: social climate survey', { circle: circle.name })}</h1>
          <h2>{t('Rounds')}</h2>
          {rounds.length ? (
            <ul>{rounds.map((r) => <li key={r.id}><a href={`/survey/rounds/${r.id}`}>{r.title}</a> · {formatDate(r.opensAt, tz)} – {formatDate(new Date(r.closesAt.getTime() - 1), tz)} · {t(r.state)}{r.state === 'closed' ? <> · <a href={`/survey/rounds/${r.id}/results`}>{t('results')}</a></> : null}</li>)}</ul>
          ) : <p>{t('No rounds yet.')}</p>}
          {runs ? (
            <section aria-labelledby="open-h">
              <h2 id="open-h">{t('Open a round')}</h2>
              <p>{t('A round is opened on a decision of this circle, adopted by consent, that says “run a survey round”: which statements, who is asked, and when. ')}<a href={`/circles/${circle.id}/proposals/new`}>{t('Propose a round')}</a> · <a href={`/circles/${circle.id}/survey/statements`}>{t('The statements, and adding the circle’s own')}</a></p>
              {decisions.length ? (
                <Form action={`/circles/${circle.id}/survey`} state={state} submit={t('Open the round')}>
                  <Select name="decisionId" label={t('The decision')} state={state} options={[{ value: '', label: t('Choose…') }, ...decisions.map((d) => ({ value: d.entryId, label: `${d.title}: ${String(d.params.title)}, ${String(d.params.opensOn)} to ${String(d.params.closesOn)}` }))]} />
                </Form>
              ) : <p>{t('No adopted decision of this circle is waiting to be used for a round.')}</p>}
            </section>
          ) : null}
        </>
      );
    },
    submit: async (req, reply, values) => {
      const { circle } = await circleFor(req);
      const { roundId } = await run(deps, req.actor, openRound, { ...values, circleId: circle.id });
      return reply.redirect(`/survey/rounds/${roundId}`, 303);
    },
  });

  formPage(app, {
    url: '/circles/:id/survey/statements', action: S.view, submitAction: S.run, title: t('Survey statements'), summary: "The statements a circle's survey may use; add the circle's own", body: z.record(z.string(), z.unknown()),
    view: async (req, state) => {
      const { circle, runs } = await circleFor(req);
      const { standardId, own } = await setsFor(db, circle.id);
      const latest = own[own.length - 1];
      const shown = latest ? latest.id : standardId;
      const statements = await statementsOf(db, shown);
      return (
        <>
          <p><a href={`/circles/${circle.id}/survey`}>{t('{circle}: social climate survey', { circle: circle.name })}</a></p>
          <h1>{t('Survey statements')}</h1>
          <p>{latest ? t('{name}, version {version}: the co-op’s standard statements and this circle’s own.', { name: latest.name, version: latest.version }) : t('The co-op’s standard statements. A circle may add its own: each addition makes a new version, and a round’s decision names the version it uses.')}</p>
          <ol>{statements.map((s) => <li key={s.id}>{t(s.text)} <small>({t(groupLabels[s.stakeholderGroup])} · {t(domainLabels[s.domain])})</small></li>)}</ol>
          {runs ? (
            <Form action={`/circles/${circle.id}/survey/statements`} state={state} submit={t('Add the statement (a new version)')}>
              <h2>{t('Add a statement')}</h2>
              <input type="hidden" name="baseSetId" value={shown} />
              <Select name="stakeholderGroup" label={t('Who it is for')} state={state} options={[{ value: '', label: t('Choose…') }, ...stakeholderGroups.map((g) => ({ value: g, label: t(groupLabels[g]) }))]} />
              <Select name="domain" label={t('Domain')} state={state} options={[{ value: '', label: t('Choose…') }, ...surveyDomains.map((d) => ({ value: d, label: t(domainLabels[d]) }))]} />
              <Field name="text" label={t('The statement')} hint={t('A sentence a person can say is true or not for them, like “I know who to call at night”.')} state={state} />
            </Form>
          ) : null}
        </>
      );
    },
    submit: async (req, reply, values) => {
      const { circle } = await circleFor(req);
      await run(deps, req.actor, addStatement, { ...values, circleId: circle.id });
      return reply.redirect(`/circles/${circle.id}/survey/statements`, 303);
    },
  });
}
