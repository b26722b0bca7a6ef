import { t } from '../../../web/i18n.ts';
import { Field, Form, type FormState, type Values } from '../../../web/views/forms.tsx';
import type { GivingProfile } from '../queries.ts';
import { dayParts, days, expertiseOptions, labelOf, supportOptions } from '../validation.ts';
import { AvailabilityGrid, ChoiceGroup, RadioGroup } from './fields.tsx';
import { Table } from '../../../web/views/table.tsx';

export const pounds = (pence: number): string => `£${(pence / 100).toFixed(2)}`;
const yesNo = [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] as const;

/** A stored profile as the form's values, so editing starts from what was saved. */
export function profileValues(p: GivingProfile): Values {
  return {
    aboutMe: p.aboutMe,
    postcode: p.postcode,
    travelMiles: String(p.travelMiles),
    driver: p.driver ? 'yes' : 'no',
    givesAs: p.givesAs,
    supportOffered: p.supportOffered,
    hourlyRate: p.hourlyRatePence === null ? '' : (p.hourlyRatePence / 100).toFixed(2),
    experience: p.experience,
    expertise: p.expertise,
    qualifications: p.qualifications.map((q) => `${q.name}, ${q.date}`).join('\n'),
    languages: p.languages.join(', '),
    availability: p.availability,
    openToNewTeams: p.openToNewTeams ? 'yes' : 'no',
  };
}

export function ProfileForm({ state, personId, saved }: { state: FormState; personId: string; saved: boolean }) {
  return (
    <>
      <h1>{t('Your Giving Support Profile')}</h1>
      <p>{t('This tells Team Starters and team owners what support you can give, where and when. Only you can change it.')}</p>
      {saved ? <p><a href={`/people/${personId}/giving-profile`}>{t('See your profile as others see it, ready to print')}</a></p> : null}
      <Form action="/giving-profile" state={state} submit={t('Save my profile')}>
        <Field name="aboutMe" label={t('About me')} type="textarea" state={state} hint={t('A few sentences: who you are and why you give support.')} />
        <Field name="postcode" label={t('Your postcode')} state={state} autocomplete="postal-code" hint={t('Only the first part (like HX1) is shown to others.')} />
        <Field name="travelMiles" label={t('How far will you travel, in miles?')} type="number" state={state} />
        <RadioGroup name="driver" legend={t('Do you drive, with a car you can use?')} state={state} options={yesNo} />
        <RadioGroup name="givesAs" legend={t('How do you give support?')} state={state} options={[{ value: 'paid', label: 'As paid work (employed or self-employed)' }, { value: 'volunteer', label: 'As a volunteer' }]} />
        <ChoiceGroup name="supportOffered" legend={t('Support you offer')} hint={t('Volunteers do not give personal care or medication support.')} state={state} options={supportOptions} />
        <Field name="hourlyRate" label={t('Your hourly rate in pounds, if you are self-employed')} state={state} hint={t('For example 16.50. Leave empty if you volunteer or the co-op employs you.')} />
        <Field name="experience" label={t('Your experience')} type="textarea" state={state} />
        <ChoiceGroup name="expertise" legend={t('Expertise')} state={state} options={expertiseOptions} />
        <Field name="qualifications" label={t('Qualifications, one per line')} type="textarea" state={state} hint={t('The name, a comma, then the year and month gained, like: Care Certificate, 2023-05')} />
        <Field name="languages" label={t('Languages you speak')} state={state} hint={t('Separated by commas, like: English, Urdu')} />
        <AvailabilityGrid state={state} />
        <RadioGroup name="openToNewTeams" legend={t('Are you open to joining new teams?')} state={state} options={yesNo} />
      </Form>
    </>
  );
}

/** The profile as others read it: plain sections, no forms or links, so it prints cleanly on paper. */
export function ProfileView({ profile }: { profile: GivingProfile & { name: string } }) {
  const list = (values: string[]) => (values.length ? values.map(labelOf).join(', ') : t('None listed'));
  return (
    <article class="printable-profile">
      <h1>{t('Giving Support Profile: {name}', { name: profile.name })}</h1>
      <h2>{t('About me')}</h2>
      <p class="prose">{profile.aboutMe}</p>
      <dl>
        <dt>{t('Area')}</dt>
        <dd>{t('{district}, travels up to {miles} miles', { district: profile.district, miles: profile.travelMiles })}</dd>
        <dt>{t('Drives')}</dt>
        <dd>{profile.driver ? t('Yes') : t('No')}</dd>
        <dt>{t('Gives support')}</dt>
        <dd>{profile.givesAs === 'paid' ? t('As paid work') : t('As a volunteer')}{profile.hourlyRatePence !== null ? ` · ${t('{rate} an hour', { rate: pounds(profile.hourlyRatePence) })}` : ''}</dd>
        <dt>{t('Support offered')}</dt>
        <dd>{list(profile.supportOffered)}</dd>
        <dt>{t('Expertise')}</dt>
        <dd>{list(profile.expertise)}</dd>
        <dt>{t('Languages')}</dt>
        <dd>{profile.languages.join(', ') || t('None listed')}</dd>
        <dt>{t('Open to new teams')}</dt>
        <dd>{profile.openToNewTeams ? t('Yes') : t('No')}</dd>
      </dl>
      <h2>{t('Experience')}</h2>
      <p class="prose">{profile.experience || t('None listed')}</p>
      <h2>{t('Qualifications')}</h2>
      {profile.qualifications.length ? (
        <ul>{profile.qualifications.map((q) => <li key={`${q.name}${q.date}`}>{q.name} ({q.date})</li>)}</ul>
      ) : <p>{t('None listed')}</p>}
      <h2>{t('Usually free')}</h2>
      <Table class="availability" caption={t('Usually free')} hideCaption>
        <thead>
          <tr><th scope="col">{t('Day')}</th>{dayParts.map((p) => <th key={p.value} scope="col">{t(p.label)}</th>)}</tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.value}>
              <th scope="row">{t(d.label)}</th>
              {dayParts.map((p) => <td key={p.value}>{profile.availability.includes(`${d.value}-${p.value}`) ? t('Free') : '–'}</td>)}
            </tr>
          ))}
        </tbody>
      </Table>
    </article>
  );
}
