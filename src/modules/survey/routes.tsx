import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineAction, requireActor } from '../../platform/authz.ts';
import { type Command, run } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { formPage } from '../../web/form-page.tsx';
import { formatDate } from '../../web/format.ts';
import { t } from '../../web/i18n.ts';
import { csrfFor, sendPage } from '../../web/render.tsx';
import { addRoute, idParam } from '../../web/routing.ts';
import { ActionButton } from '../../web/views/forms.tsx';
import { canSeeCircle } from '../circles/policy.ts';
import { circleMembership, circlesOf, getCircle } from '../circles/queries.ts';
import { answerRound, invitationOf, statementsFor, takingAnswers, chosenAbout } from './answer.ts';
import { answerChoices } from './audience.ts';
import { closeRound, putResultsOnAgenda } from './commands.ts';
import { runsSurveys, seesResults } from './policy.ts';
import { getRound, roundCounts } from './queries.ts';
import { roundResults } from './results.ts';
import { ResultsView, resultsCsv, AboutChooser, AnswerForm } from './views.tsx';

export const S = {
  view: defineAction('survey.view', { audience: 'signed-in', description: 'See survey rounds and their results (policy: the circle, the people asked, admins; groups of five or more only)' }),
  answer: defineAction('survey.answer', { audience: 'signed-in', description: 'Answer a survey round, once, anonymously (policy: the people it asks)' }),
  run: defineAction('survey.run', { audience: 'signed-in', description: 'Open a survey round on the circle’s decision, close it, add statements (policy: the circle’s full participants)' }),
} as const;

const lastDay = (closesAt: Date, tz: string) => formatDate(new Date(closesAt.getTime() - 1), tz);

/** The round at :id as the asker may see it (a team's round: its people only), with what they may do. */
export async function visibleRound(db: Db, req: FastifyRequest, now: Date) {
  const actor = requireActor(req.actor);
  const id = idParam(req);
  const round = isUuid(id) ? await getRound(db, id) : null;
  const circle = round ? await getCircle(db, round.circleId) : null;
  if (!round || !circle) throw new NotFound(t('That survey round was not found.'));
  const members = await circleMembership(db, circle.id, now);
  const invitation = await invitationOf(db, round.id, actor.personId);
  if (!invitation && !canSeeCircle(actor, circle, members.some((m) => m.personId === actor.personId))) throw new NotFound(t('That survey round was not found.'));
  return { actor, round, circle, invitation, runs: runsSurveys(actor, members), results: seesResults(actor, members, invitation !== null) };
}

/** A team or circle's name as the reader may see it: a team they are not in is only "a team". */
async function namer(db: Db, personId: string) {
  const mine = new Set((await circlesOf(db, personId)).map((c) => c.id));
  const teams = new Map<string, number>();
  return (id: string, name: string, kind: string) => {
    if (kind !== 'team' || mine.has(id)) return name;
    if (!teams.has(id)) teams.set(id, teams.size + 1);
    return t('Another team ({n})', { n: teams.get(id) as number });
  };
}

export async function resultsFor(db: Db, req: FastifyRequest, now: Date) {
  const v = await visibleRound(db, req, now);
  if (!v.results) throw new NotFound(t('That survey round was not found.'));
  if (v.round.state !== 'closed') return { ...v, results: null };
  return { ...v, results: await roundResults(db, v.round, await namer(db, v.actor.personId)) };
}

export function registerSurveyRoundPages(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const now = () => deps.clock.now();

  formPage(app, {
    url: '/survey/rounds/:id', action: S.view, submitAction: S.answer, title: t('Survey'), summary: 'A survey round: answer it (once, anonymously), or see how it stands', body: z.record(z.string(), z.unknown()),
    view: async (req, state) => {
      const { round, circle, invitation, runs, results, actor } = await visibleRound(db, req, now());
      const base = `/survey/rounds/${round.id}`;
      const open = takingAnswers(round, now());
      const counts = runs ? await roundCounts(db, round.id) : null;
      const query = req.query as Record<string, unknown>;
      let answering = null;
      if (invitation && !invitation.answered && open) {
        const choices = await answerChoices(db, round.audienceCircleId, actor.personId);
        const about = chosenAbout(choices, state.values.about ?? query.about);
        answering = about
          ? <AnswerForm action={base} state={state} about={about} statements={await statementsFor(db, round.setId, about.group)} />
          : choices.length ? <AboutChooser action={base} choices={choices} /> : <p>{t('You are no longer in a team or circle this survey asks about.')}</p>;
      }
      return (
        <>
          <h1>{round.title}</h1>
          <p>{t('A social climate survey run by {circle}, open from {from} to {to} (the last day to answer).', { circle: circle.name, from: formatDate(round.opensAt, tz), to: lastDay(round.closesAt, tz) })} <a href={`/logbook/${round.logbookEntryId}`}>{t('The decision to run it')}</a></p>
          {invitation?.answered || query.answered ? <p class="notice" role="status">{t('Thank you: your answers are in. They are kept without your name, and nobody, admins included, can tell which answers are yours.')}</p> : null}
          {answering ? (
            <section aria-labelledby="answer-h">
              <h2 id="answer-h">{t('Your answers')}</h2>
              <p>{t('Say how true each statement is for you. Your answers are anonymous: they are kept without your name, and results are only shown for groups of five people or more.')}</p>
              {answering}
            </section>
          ) : invitation && !invitation.answered && round.state === 'open' && now() < round.opensAt ? <p>{t('This survey opens on {day}: come back then.', { day: formatDate(round.opensAt, tz) })}</p> : null}
          {counts ? <p>{t('{answered} of {asked} people asked have answered.', counts)}</p> : null}
          {round.state === 'closed' && results ? <p><a href={`${base}/results`}>{t('See the results')}</a></p> : null}
          {runs && round.state === 'open' ? <ActionButton action={`${base}/close`} csrf={state.csrf} label={t('Close the round now')} secondary /> : null}
          {runs && round.state === 'closed' && !round.agendaMeetingId ? <ActionButton action={`${base}/agenda`} csrf={state.csrf} label={t('Put the results on the next meeting’s agenda')} /> : null}
        </>
      );
    },
    submit: async (req, reply, values) => {
      const { round } = await visibleRound(db, req, now());
      await run(deps, req.actor, answerRound, { ...values, roundId: round.id });
      return reply.redirect(`/survey/rounds/${round.id}?answered=1`, 303);
    },
  });

  const steps: [string, Command<Record<string, unknown>, unknown>, string][] = [['close', closeRound, 'Close a survey round now'], ['agenda', putResultsOnAgenda, 'Put a closed round’s results on the next meeting’s agenda']];
  for (const [step, command, summary] of steps) {
    addRoute(app, {
      method: 'POST', url: `/survey/rounds/:id/${step}`, action: S.run, kind: 'page', summary,
      handler: async (req, reply) => {
        const { round } = await visibleRound(db, req, now());
        await run(deps, req.actor, command, { roundId: round.id });
        return reply.redirect(`/survey/rounds/${round.id}`, 303);
      },
    });
  }

  addRoute(app, {
    method: 'GET', url: '/survey/rounds/:id/results', action: S.view, kind: 'page', summary: 'A closed survey round’s results: charts, tables, change since the last round',
    handler: async (req, reply) => {
      const { round, circle, results, runs } = await resultsFor(db, req, now());
      const base = `/survey/rounds/${round.id}`;
      const propose = `/circles/${circle.id}/proposals/new?${new URLSearchParams({ title: `What we do about the survey “${round.title}”`, driver: `The social climate survey “${round.title}” has closed: its results are at ${base}/results.` })}`;
      return sendPage(req, reply, {
        title: t('Survey results: {title}', { title: round.title }), csrf: csrfFor(reply),
        body: (
          <>
            <h1>{t('Survey results: {title}', { title: round.title })}</h1>
            <p><a href={base}>{t('The round')}</a> · {circle.name} · {t('closed on {day}', { day: formatDate(round.closedAt ?? round.closesAt, tz) })}{results ? <> · <a href={`${base}/results.csv`}>{t('Download the results (CSV)')}</a></> : null}</p>
            {results ? <ResultsView results={results} /> : <p>{t('The results are shown once the round has closed.')}</p>}
            {results && runs ? (
              <section aria-labelledby="act-h">
                <h2 id="act-h">{t('What the circle does about it')}</h2>
                <p>{t('Talk the results through at the circle’s meeting, then decide by consent what to change. The decision goes into the logbook with its review date.')}</p>
                <p><a href={propose}>{t('Propose what to do about these results')}</a></p>
              </section>
            ) : null}
          </>
        ),
      });
    },
  });

  addRoute(app, {
    method: 'GET', url: '/survey/rounds/:id/results.csv', action: S.view, kind: 'page', summary: 'A closed survey round’s results as CSV (groups of five or more only)',
    handler: async (req, reply) => {
      const { round, results } = await resultsFor(db, req, now());
      if (!results) throw new NotFound(t('The results are shown once the round has closed.'));
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="survey-${round.id}.csv"`).header('cache-control', 'no-store').send(resultsCsv(results));
    },
  });
}
