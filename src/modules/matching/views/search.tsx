import { t } from '../../../web/i18n.ts';
import { ErrorSummary, Field, type FormState, Select } from '../../../web/views/forms.tsx';
import { roundMiles } from '../queries.ts';
import type { GivingProfile } from '../queries.ts';
import { dayParts, days, expertiseOptions, labelOf, supportOptions } from '../validation.ts';
import { ChoiceGroup } from './fields.tsx';
import { pounds } from './profile.tsx';

export type Found = GivingProfile & { name: string; miles: number };

/** A search is a GET form, so results can be bookmarked, shared with a colleague and printed. */
export function SearchForm({ state, team }: { state: FormState; team: { id: string; name: string } | null }) {
  return (
    <form method="get" action="/matching" novalidate>
      <ErrorSummary errors={state.errors} />
      {team ? <input type="hidden" name="team" value={team.id} /> : null}
      <Field name="postcode" label={t('Search from postcode')} state={state} hint={t('A full postcode or its first part, like HX3')} />
      <Field name="miles" label={t('Within how many miles?')} type="number" state={state} />
      <ChoiceGroup name="skills" legend={t('Support and expertise wanted')} hint={t('Supporters who offer every one you tick.')} state={state} options={[...supportOptions, ...expertiseOptions]} />
      <Field name="languages" label={t('Languages')} state={state} hint={t('Separated by commas, like: English, Urdu')} />
      <Select name="day" label={t('Free on')} state={state} options={[{ value: '', label: t('Any day') }, ...days.map((d) => ({ value: d.value, label: t(d.label) }))]} />
      <Select name="part" label={t('At')} state={state} options={[{ value: '', label: t('Any time of day') }, ...dayParts.map((p) => ({ value: p.value, label: t(p.label) }))]} />
      <Field name="maxRate" label={t('Highest hourly rate, in pounds')} state={state} hint={t('Leave empty for any rate. Volunteers and co-op employees have no rate and always show.')} />
      <label for="field-open">
        <input id="field-open" type="checkbox" name="open" value="1" checked={state.values.open === '1'} />
        {t('Only people open to new teams')}
      </label>
      <button type="submit">{t('Search')}</button>
    </form>
  );
}

export function SearchResults({ found, team, csrf }: { found: Found[]; team: { id: string; name: string } | null; csrf: string }) {
  if (found.length === 0) return <p role="status">{t('Nobody matches yet. Try a wider distance or fewer filters.')}</p>;
  return (
    <>
      <p role="status">{t('{count} supporters found, nearest first.', { count: found.length })}</p>
      <ol class="plain-list search-results">
        {found.map((p) => (
          <li key={p.personId}>
            <article>
              <h3><a href={`/people/${p.personId}/giving-profile`}>{p.name}</a></h3>
              <p>
                {t('{miles} miles away', { miles: roundMiles(p.miles).toFixed(1) })} · {p.district} · {p.givesAs === 'paid' ? t('paid') : t('volunteer')}
                {p.hourlyRatePence !== null ? ` · ${t('{rate} an hour', { rate: pounds(p.hourlyRatePence) })}` : ''}
                {p.driver ? ` · ${t('drives')}` : ''}
                {p.openToNewTeams ? '' : ` · ${t('not looking for new teams')}`}
              </p>
              <p>{[...p.supportOffered, ...p.expertise].map(labelOf).join(', ')}</p>
              {p.languages.length ? <p>{t('Speaks {languages}', { languages: p.languages.join(', ') })}</p> : null}
              {team ? (
                <form method="post" action={`/matching/teams/${team.id}/shortlist`} class="inline-form">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="personId" value={p.personId} />
                  <button type="submit" class="secondary">{t('Add {name} to the shortlist for {team}', { name: p.name, team: team.name })}</button>
                </form>
              ) : null}
            </article>
          </li>
        ))}
      </ol>
    </>
  );
}
