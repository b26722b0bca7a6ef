import { t } from '../../../web/i18n.ts';
import { formatDate } from '../../../web/format.ts';
import type { WornHat } from '../hats.ts';
import { Table } from '../../../web/views/table.tsx';

export function HatsView({ hats, tz }: { hats: WornHat[]; tz: string }) {
  return (
    <>
      <h1>{t('Your hats')}</h1>
      <p>{t('A hat is a responsibility you hold in a circle or a team, for a term, by consent.')}</p>
      {hats.length === 0 ? (
        <p>{t('You are not wearing any hats yet. When a circle or team chooses you for a hat, it will appear here.')}</p>
      ) : (
        <Table caption={t('Hats you wear')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('Hat')}</th>
              <th scope="col">{t('Where')}</th>
              <th scope="col">{t('Until')}</th>
            </tr>
          </thead>
          <tbody>
            {hats.map((h) => (
              <tr key={`${h.where}-${h.hat}`}>
                <td>{h.hat}</td>
                <td>{h.whereHref ? <a href={h.whereHref}>{h.where}</a> : h.where}</td>
                <td>
                  {h.until ? formatDate(h.until, tz) : t('No end date')}
                  {h.dueForReselection ? <strong> {t('(due for re-selection)')}</strong> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
