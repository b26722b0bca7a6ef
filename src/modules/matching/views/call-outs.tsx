import { t } from '../../../web/i18n.ts';
import type { callOutsNear, GivingProfile, myIntroductions } from '../queries.ts';
import { roundMiles } from '../queries.ts';
import { labelOf } from '../validation.ts';

type Near = Awaited<ReturnType<typeof callOutsNear>>;
type Introductions = Awaited<ReturnType<typeof myIntroductions>>;

const introductionWords: Record<string, string> = {
  introduced: 'You have been introduced',
  met: 'You have met',
  went_well: 'It went well: the team may invite you to join',
  not_a_fit: 'Not a fit this time',
};

export function CallOutsPage({ profile, near, introductions, owned, csrf, done }: { profile: GivingProfile | null; near: Near; introductions: Introductions; owned: { id: string; name: string }[]; csrf: string; done: boolean }) {
  return (
    <>
      <h1>{t('Call-outs near you')}</h1>
      {done ? <p class="notice" role="status">{t('Thank you: the team has been told you are interested.')}</p> : null}
      {!profile ? (
        <p>{t('Write your Giving Support Profile, open to new teams, to see call-outs from teams near you.')} <a href="/giving-profile">{t('Write your profile')}</a></p>
      ) : !profile.openToNewTeams ? (
        <p>{t('Your profile says you are not open to new teams, so no call-outs are shown.')} <a href="/giving-profile">{t('Change your profile')}</a></p>
      ) : near.length === 0 ? (
        <p>{t('No open call-outs within {miles} miles of {district} just now.', { miles: profile.travelMiles, district: profile.district })}</p>
      ) : (
        <ul class="plain-list">
          {near.map((c) => (
            <li key={c.id}>
              <article>
                <h2>{t('{district}, {miles} miles away', { district: c.district, miles: roundMiles(c.miles).toFixed(1) })}</h2>
                <p class="prose">{c.text}</p>
                {c.skillsWanted.length ? <p>{t('Wanted: {skills}', { skills: c.skillsWanted.map(labelOf).join(', ') })}</p> : null}
                {c.interested ? (
                  <p>{t('You have said you are interested.')}</p>
                ) : (
                  <form method="post" action={`/call-outs/${c.id}/interest`}>
                    <input type="hidden" name="_csrf" value={csrf} />
                    <label for={`message-${c.id}`}>{t('A message for the team (optional)')}</label>
                    <textarea id={`message-${c.id}`} name="message" />
                    <button type="submit">{t("I'm interested")}</button>
                  </form>
                )}
              </article>
            </li>
          ))}
        </ul>
      )}
      <h2 id="introductions">{t('Your introductions')}</h2>
      {introductions.length === 0 ? (
        <p>{t('No introductions yet.')}</p>
      ) : (
        <ul>
          {introductions.map((i) => (
            <li key={i.id}>{i.teamName}: {t(introductionWords[i.state] ?? i.state)}</li>
          ))}
        </ul>
      )}
      {owned.length ? (
        <>
          <h2>{t('Finding supporters for your team')}</h2>
          <ul>
            {owned.map((team) => <li key={team.id}><a href={`/matching/teams/${team.id}`}>{t('Call-outs and shortlist for {team}', { team: team.name })}</a></li>)}
          </ul>
        </>
      ) : null}
    </>
  );
}
