import { describeInstant } from '../../platform/zoned-time.ts';
import { t } from '../../web/i18n.ts';
import { ActionButton } from '../../web/views/forms.tsx';
import type { ExportSummary } from './commands.ts';

const stateWords: Record<string, string> = {
  queued: 'Waiting to start',
  building: 'Being built',
  ready: 'Ready to download',
  failed: 'Could not be built',
  expired: 'No longer kept',
};

/** The progress line of one export, in words and as a bar that needs no script. */
function Progress({ e }: { e: ExportSummary }) {
  if (e.state !== 'queued' && e.state !== 'building') return null;
  return (
    <p>
      <label>
        {t('{done} of {total} parts built', { done: e.done, total: e.total })}{' '}
        <progress max={e.total} value={e.done}>{`${e.done}/${e.total}`}</progress>
      </label>
    </p>
  );
}

export function ExportPage({ owners, exports, csrf }: { owners: { id: string; name: string; self: boolean }[]; exports: ExportSummary[]; csrf: string }) {
  const building = exports.some((e) => e.state === 'queued' || e.state === 'building');
  return (
    <>
      <h1>{t('Download your data')}</h1>
      <p>
        {t('One archive (a zip file) with everything the co-op holds about you: a report to read and print (report.html) and the same data for another program (data.json), with what each part holds.')}
      </p>
      <p>
        {t('Care records you may not read are listed by date only, with the reason. Making the export is written in the list of who has seen your records.')}{' '}
        <a href="/records/access">{t('Who has seen my records')}</a>
      </p>
      {owners.map((o) => (
        <ActionButton key={o.id} action="/me/export" csrf={csrf} fields={{ subjectId: o.id }} label={o.self ? t('Make an export of my data') : t('Make an export for {name} (you are their advocate)', { name: o.name })} secondary={!o.self} />
      ))}
      <h2>{t('Your exports')}</h2>
      {exports.length === 0 ? (
        <p>{t('You have not asked for an export yet.')}</p>
      ) : (
        <ul>
          {exports.map((e) => (
            <li key={e.id}>
              <p>
                <strong>{e.subjectName}</strong>, {t('asked for on {when}', { when: describeInstant(e.requestedAt) })}: {t(stateWords[e.state] ?? e.state)}
                {e.downloadable && e.expiresAt ? (
                  <>
                    {' '}
                    <a href={`/me/export/${e.id}/archive`} download>
                      {t('Download the archive ({kb} kB)', { kb: Math.max(1, Math.round((e.bytes ?? 0) / 1024)) })}
                    </a>{' '}
                    {t('(kept until {when})', { when: describeInstant(e.expiresAt) })}
                  </>
                ) : null}
              </p>
              <Progress e={e} />
            </li>
          ))}
        </ul>
      )}
      {building ? <p><a href="/me/export">{t('Check again')}</a> {t('(a large export takes a few minutes)')}</p> : null}
    </>
  );
}
