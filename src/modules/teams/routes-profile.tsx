import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../platform/authz.ts';
import { run } from '../../platform/context.ts';
import { formPage } from '../../web/form-page.tsx';
import { formatDateTime } from '../../web/format.ts';
import { t } from '../../web/i18n.ts';
import { sendPage } from '../../web/render.tsx';
import { addRoute, idParam } from '../../web/routing.ts';
import { Field, Form, type FormState } from '../../web/views/forms.tsx';
import { circleMembership } from '../circles/queries.ts';
import { isOwnerSide, teamFacts } from './policy.ts';
import { assertMayWriteProfile, openSections, profileSections, readProfile, saveProfile } from './profile.ts';
import { supportProfiles } from './schema.ts';

const profileBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const visibilityLabels = { team: 'The whole team', chosen: 'Only the people I choose', me: 'Only me (and my advocate)' } as const;

export function registerProfileRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const id = idParam;

  // One page for screen and paper: many owners read a printed copy, so nothing here needs a form.
  addRoute(app, {
    method: 'GET', url: '/teams/:id/profile', action: 'teams.view', kind: 'page', summary: 'The Getting Support Profile (printable)',
    handler: async (req, reply) => {
      const view = await run(deps, req.actor, readProfile, { teamId: id(req), purpose: 'read the Getting Support Profile' });
      const owner = isOwnerSide(requireActor(req.actor), view.facts);
      return sendPage(req, reply, {
        title: t('Getting Support Profile'),
        body: (
          <article class="profile">
            <h1>{t('{team}: Getting Support Profile', { team: view.facts.team.name })}</h1>
            <p>{view.updatedAt ? t('Last changed {when}.', { when: formatDateTime(view.updatedAt, tz) }) : t('Not written yet.')}</p>
            {owner ? <p class="no-print"><a href={`/teams/${view.facts.team.id}/profile/edit`}>{t('Change the profile and who sees each part')}</a></p> : null}
            {view.sections.map((s) => (
              <section key={s.key} aria-labelledby={`section-${s.key}`}>
                <h2 id={`section-${s.key}`}>{t(s.title)}</h2>
                <p class="prose">{s.section.text || t('Nothing written yet.')}</p>
                {owner ? <p class="hint">{t('Seen by')}: {t(visibilityLabels[s.section.visibility])}</p> : null}
              </section>
            ))}
            {view.hidden > 0 ? <p>{t('{n} sections are private to the owner or to other people.', { n: view.hidden })}</p> : null}
          </article>
        ),
      });
    },
  });

  const sectionFields = (state: FormState, members: { personId: string; name: string }[]) =>
    profileSections.map((s) => {
      const chosen = ([] as unknown[]).concat(state.values[`${s.key}.chosen`] ?? []);
      const error = state.errors[`${s.key}.chosen`];
      return (
        <fieldset key={s.key}>
          <legend>{t(s.title)}</legend>
          <Field name={`${s.key}.text`} label={t('What the team should know')} type="textarea" state={state} />
          {state.errors[`${s.key}.visibility`] ? <p class="field-error">{t('Error:')} {state.errors[`${s.key}.visibility`]}</p> : null}
          {(['team', 'chosen', 'me'] as const).map((v) => (
            <label key={v} for={`field-${s.key}.visibility-${v}`}>
              <input id={`field-${s.key}.visibility-${v}`} type="radio" name={`${s.key}.visibility`} value={v} checked={(state.values[`${s.key}.visibility`] ?? 'me') === v} /> {t(visibilityLabels[v])}
            </label>
          ))}
          <fieldset id={`field-${s.key}.chosen`}>
            <legend>{t('Chosen people (when "only the people I choose")')}</legend>
            {error ? <p class="field-error">{t('Error:')} {error}</p> : null}
            {members.map((m) => (
              <label key={m.personId} for={`chosen-${s.key}-${m.personId}`}>
                <input id={`chosen-${s.key}-${m.personId}`} type="checkbox" name={`${s.key}.chosen`} value={m.personId} checked={chosen.includes(m.personId)} /> {m.name}
              </label>
            ))}
          </fieldset>
        </fieldset>
      );
    });

  formPage(app, {
    url: '/teams/:id/profile/edit', action: 'teams.manage', title: t('Change the Getting Support Profile'), summary: 'Write the profile and choose who sees each section', body: profileBody,
    initial: async (req) => {
      const f = await teamFacts(db, id(req), deps.clock.now());
      assertMayWriteProfile(requireActor(req.actor), f);
      const [row] = await db.select().from(supportProfiles).where(eq(supportProfiles.teamId, f.team.id));
      return Object.fromEntries(
        Object.entries(await openSections(db, row?.sections ?? {})).flatMap(([k, s]) => [[`${k}.text`, s.text], [`${k}.visibility`, s.visibility], [`${k}.chosen`, s.chosen]]),
      );
    },
    view: async (req, state) => {
      const f = await teamFacts(db, id(req), deps.clock.now());
      const members = (await circleMembership(db, f.team.id, deps.clock.now())).filter((m) => m.personId !== f.team.ownerId);
      return (
        <>
          <h1>{t('{team}: Getting Support Profile', { team: f.team.name })}</h1>
          <p>{t('You decide the words, and who sees each part. Anyone removed from the team stops seeing it at once.')}</p>
          <Form action={`/teams/${f.team.id}/profile/edit`} state={state} submit={t('Save the profile')}>
            {sectionFields(state, members)}
          </Form>
        </>
      );
    },
    submit: async (req, reply, values) => {
      await run(deps, req.actor, saveProfile, { ...values, teamId: id(req) });
      return reply.redirect(`/teams/${id(req)}/profile`, 303);
    },
  });
}
