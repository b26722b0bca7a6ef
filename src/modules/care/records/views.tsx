import { formatDateTime } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { ChooserSearch, type ChooserSearchProps } from '../../../web/views/chooser.tsx';
import { Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';
import type { SpecialPurpose } from './policy.ts';
import type { Seal, WhoHasSeen } from './queries.ts';
import { Pager } from '../../../web/views/pager.tsx';
import { Table } from '../../../web/views/table.tsx';

const purposeLabels: Record<SpecialPurpose, string> = {
  safeguarding: 'Safeguarding (Safeguarding Lead or Coach)',
  'quality audit': "Quality audit (co-op admin)",
  regulator: 'Regulator (co-op admin acting for an inspector)',
};

/** The seal: where the chains ended at the last signed checkpoint, short enough to note down. */
function SealOfTheRecord({ seal, tz }: { seal: Seal | null; tz: string }) {
  if (!seal) return null;
  const short = (hash: string) => hash.slice(0, 12);
  return (
    <section aria-labelledby="seal">
      <h2 id="seal">{t('Seal of the record')}</h2>
      <p>{t('So that nobody can quietly remove or rewrite entries, where this list and the care logs end is written down outside the database and signed. If you note these seals and later see different ones, or fewer entries, tell your Coach or the co-op.')}</p>
      <ul class="plain-list">
        <li>{t('Checked at {time}', { time: formatDateTime(new Date(seal.at), tz) })}</li>
        <li>{t('Access log: seal {hash}, entry {seq}', { hash: short(seal.accessLog.hash), seq: seal.accessLog.seq })}</li>
        {seal.teams.map((team) => (
          <li key={team.name}>
            {team.head
              ? t('Care logs of {team}: seal {hash}, version {seq}', { team: team.name, hash: short(team.head.hash), seq: team.head.seq })
              : t('Care logs of {team}: none yet', { team: team.name })}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function WhoHasSeenPage({ view, seal, tz }: { view: WhoHasSeen; seal: Seal | null; tz: string }) {
  const { owner, owners, entries, next, prev } = view;
  // Another page of the same person's list: the owner chosen stays in the link.
  const pageLink = (key: 'before' | 'newer', seq: number) => `/records/access?${new URLSearchParams({ ...(owner.self ? {} : { owner: owner.id }), [key]: String(seq) }).toString()}`;
  const special = entries.filter((e) => e.special).length;
  return (
    <>
      <h1>{owner.self ? t('Who has seen your records') : t("Who has seen {name}'s records", { name: owner.name })}</h1>
      <p>{t('Every time someone reads a care note, a care log, the medication record or the Essentials of a Getting Support Profile, it is written down here: who, when, which record and why. What they read is never copied here.')}</p>
      {owners.length > 1 ? (
        <nav aria-label={t('Whose records')} class="no-print">
          <ul class="plain-list">
            {owners.map((o) => (
              <li key={o.id}>
                {o.id === owner.id ? <strong>{o.self ? t('Your records') : o.name}</strong> : <a href={o.self ? '/records/access' : `/records/access?owner=${o.id}`}>{o.self ? t('Your records') : t("{name}'s records (you are their advocate)", { name: o.name })}</a>}
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {special > 0 ? (
        <p class="notice">
          <strong>{t('Special access:')}</strong> {t('{count} of the entries below are records opened by someone outside the team, for safeguarding, a quality audit or a regulator. Each says why.', { count: special })}
        </p>
      ) : null}
      {entries.length === 0 ? (
        <p>{t('Nobody has read these records yet.')}</p>
      ) : (
        <Table caption={t('Reads of these records, newest first')}>
          <thead>
            <tr><th scope="col">{t('When')}</th><th scope="col">{t('Who')}</th><th scope="col">{t('Which record')}</th><th scope="col">{t('Why')}</th></tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{formatDateTime(e.at, tz)}</td>
                <td>{e.who}</td>
                <td>{e.href ? <a href={e.href}>{t(e.what)}</a> : t(e.what)}</td>
                <td>{e.special ? <><strong>{t('Special access')}</strong>: </> : null}{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager label={t('More entries')} prev={prev === null ? null : pageLink('newer', prev)} next={next === null ? null : pageLink('before', next)} prevText={t('Newer entries')} nextText={t('Older entries')} />
      <SealOfTheRecord seal={seal} tz={tz} />
    </>
  );
}

export function OpenRecordsForm({ state, teams, purposes, finder }: { state: FormState; teams: { value: string; label: string }[]; purposes: SpecialPurpose[]; finder: ChooserSearchProps }) {
  return (
    <>
      <h1>{t("Open a team's records")}</h1>
      <p>{t("For safeguarding, a quality audit or a regulator you may read one team's care notes, care logs and medication record for 24 hours. You must say why. The person whose records they are, and their advocate, are told at once, with your reason, and every read you make is listed for them.")}</p>
      {purposes.length === 0 ? (
        <p>{t("Only a team's Safeguarding Lead, the Local Circle's Coach, or a co-op admin may open a team's records.")}</p>
      ) : (
        <>
          <ChooserSearch {...finder} />
          <Form action="/records/open" state={state} submit={t('Open the records for 24 hours')}>
            <Select name="teamId" label={t('Team')} state={state} options={[{ value: '', label: t('Choose a team') }, ...teams]} />
            <Select name="purpose" label={t('Why you need access')} state={state} options={[{ value: '', label: t('Choose a purpose') }, ...purposes.map((p) => ({ value: p, label: t(purposeLabels[p]) }))]} />
            <Field name="reason" label={t('Your reason, in words the person will read')} hint={t('At least 10 characters. For example: a concern was raised about missed evening visits.')} type="textarea" state={state} />
          </Form>
        </>
      )}
    </>
  );
}
