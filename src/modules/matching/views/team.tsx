import { t } from '../../../web/i18n.ts';
import { Field, Form, type FormState } from '../../../web/views/forms.tsx';
import { type IntroductionStep, introductionStepsFrom } from '../machine.ts';
import type { teamMatching } from '../queries.ts';
import { labelOf, skillValues } from '../validation.ts';
import { ChoiceGroup } from './fields.tsx';

type Matching = Awaited<ReturnType<typeof teamMatching>>;

const stepLabels: Record<IntroductionStep, string> = {
  introduce: 'Record the introduction',
  meet: 'They have met',
  'went-well': 'It went well',
  'not-a-fit': 'Not a fit',
  remove: 'Take off the shortlist',
};
const callOutStates: Record<string, string> = {
  draft: 'Draft: waiting for the owner’s consent',
  consented: 'The owner has consented: ready to share',
  open: 'Shared with supporters nearby',
  closed: 'Closed',
};

function StepButton({ action, csrf, step, label }: { action: string; csrf: string; step: string; label: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="step" value={step} />
      <button type="submit" class="secondary">{label}</button>
    </form>
  );
}

export function TeamMatchingPage({ team, matching, ownerSide, state }: { team: { id: string; name: string }; matching: Matching; ownerSide: boolean; state: FormState }) {
  const csrf = state.csrf;
  return (
    <>
      <h1>{t('Finding supporters for {team}', { team: team.name })}</h1>
      <p><a href={`/matching?team=${team.id}`}>{t('Search Giving Support Profiles for this team')}</a></p>

      <h2>{t('Call-outs')}</h2>
      <p>{t('A call-out is shared with supporters nearby only after the team owner, or their advocate, has consented to its wording.')}</p>
      {matching.callOuts.length === 0 ? <p>{t('No call-outs yet.')}</p> : null}
      <ul class="plain-list">
        {matching.callOuts.map((c) => (
          <li key={c.id}>
            <article>
              <p class="prose">{c.text}</p>
              <p>{t('Area: {district}', { district: c.district })} · {t(callOutStates[c.state] ?? c.state)}</p>
              {c.skillsWanted.length ? <p>{t('Wanted: {skills}', { skills: c.skillsWanted.map(labelOf).join(', ') })}</p> : null}
              {c.state === 'draft' && ownerSide ? <StepButton action={`/call-outs/${c.id}/step`} csrf={csrf} step="consent" label={t('I consent to sharing this call-out')} /> : null}
              {c.state === 'consented' ? <StepButton action={`/call-outs/${c.id}/step`} csrf={csrf} step="open" label={t('Share it with supporters nearby')} /> : null}
              {c.state !== 'closed' ? <StepButton action={`/call-outs/${c.id}/step`} csrf={csrf} step="close" label={t('Close this call-out')} /> : null}
              {c.interested.length ? (
                <>
                  <h3>{t('Interested')}</h3>
                  <ul>
                    {c.interested.map((i) => (
                      <li key={i.personId}>
                        <a href={`/people/${i.personId}/giving-profile`}>{i.name}</a>{i.message ? `: ${i.message}` : ''}
                        <form method="post" action={`/matching/teams/${team.id}/shortlist`} class="inline-form">
                          <input type="hidden" name="_csrf" value={csrf} />
                          <input type="hidden" name="personId" value={i.personId} />
                          <button type="submit" class="secondary">{t('Add {name} to the shortlist', { name: i.name })}</button>
                        </form>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </article>
          </li>
        ))}
      </ul>
      <h3>{t('Draft a call-out')}</h3>
      <Form action={`/matching/teams/${team.id}/call-outs`} state={state} submit={t('Save the draft')}>
        <Field name="text" label={t('Opportunity summary')} type="textarea" state={state} hint={t('What support is wanted and when. No names, addresses or health details the owner has not agreed to share.')} />
        <Field name="postcode" label={t('Area')} state={state} hint={t('Only the first part of a postcode is kept, like HX3.')} />
        <ChoiceGroup name="skillsWanted" legend={t('Skills wanted')} state={state} options={skillValues.map((v) => ({ value: v, label: labelOf(v) }))} />
      </Form>

      <h2>{t('Shortlist and introductions')}</h2>
      {matching.shortlist.length === 0 ? <p>{t('Nobody is on the shortlist yet. Add people from a search or from those interested in a call-out.')}</p> : null}
      <ul class="plain-list">
        {matching.shortlist.map((s) => (
          <li key={s.id}>
            <article>
              <h3><a href={`/people/${s.personId}/giving-profile`}>{s.name}</a></h3>
              <p>{t('Stage: {state}', { state: t(s.state.replace(/_/g, ' ')) })}</p>
              {s.note ? <p class="prose">{s.note}</p> : null}
              {s.state === 'went_well' ? <p><a href={`/teams/${team.id}/invite?personId=${s.personId}`}>{t('Invite {name} to join the team', { name: s.name })}</a></p> : null}
              {introductionStepsFrom(s.state).map((step) => (
                <StepButton key={step} action={`/shortlist/${s.id}/step`} csrf={csrf} step={step} label={t(stepLabels[step])} />
              ))}
              <form method="post" action={`/shortlist/${s.id}/note`}>
                <input type="hidden" name="_csrf" value={csrf} />
                <label for={`note-${s.id}`}>{t('Note about {name}', { name: s.name })}</label>
                <textarea id={`note-${s.id}`} name="note">{s.note}</textarea>
                <button type="submit" class="secondary">{t('Save the note')}</button>
              </form>
            </article>
          </li>
        ))}
      </ul>
    </>
  );
}
