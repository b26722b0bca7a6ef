import { t } from '../../web/i18n.ts';
import { Table } from '../../web/views/table.tsx';
import type { ResultRow, Score } from './results.ts';
import { type SurveyDomain, surveyDomains } from './schema.ts';
import { domainLabels, domainShort } from './words.ts';

/** Colours of the domains' bars: each at least 3:1 against white; the bar's words say the value too. */
const domainColours: Record<SurveyDomain, string> = { growth: '#1d6f42', wellbeing: '#6a3d9a', systems: '#1f5fa8' };

export const formatMean = (mean: number): string => mean.toFixed(1);
export const formatChange = (change: number | null): string => (change === null ? '' : change === 0 ? '±0.0' : `${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(1)}`);
/** A score in words: "3.8, high (+0.4 since the last round)". */
export const scoreWords = (s: Score): string => `${formatMean(s.mean)}, ${t(s.level)}${s.change === null ? '' : ` (${t('{change} since the last round', { change: formatChange(s.change) })})`}`;

/**
 * Horizontal bars drawn on the server: for each row (everyone, a group, a team), one bar per
 * domain on the 1 to 5 scale, with its value, level and change written beside it. The same
 * figures are in the table next to it, which is what a screen reader is pointed to.
 */
export function ResultsChart({ id, title, rows }: { id: string; title: string; rows: ResultRow[] }) {
  const width = 360;
  const barLeft = 8;
  const barMax = 130;
  const line = 20;
  const rowHeight = line * (surveyDomains.length + 1) + 8;
  const height = rows.length * rowHeight + 8;
  const x = (mean: number) => ((mean - 1) / 4) * barMax;
  return (
    <figure class="survey-chart">
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`} width="100%" xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{t('Bars from 1 (not true at all) to 5 (completely true), one per domain for each row. The same figures are in the table.')}</desc>
        {rows.map((r, i) => {
          const top = i * rowHeight + 4;
          return (
            <g key={r.key}>
              <text x={barLeft} y={top + 14} font-size="13" font-weight="700" fill="#000">{`${r.label} (${r.answers})`}</text>
              {surveyDomains.map((d, j) => {
                const s = r.domains[d];
                const y = top + line * (j + 1);
                return (
                  <g key={d}>
                    <rect x={barLeft} y={y} width={barMax} height={14} fill="none" stroke="#767676" />
                    {s ? <rect x={barLeft} y={y} width={Math.max(2, x(s.mean))} height={14} fill={domainColours[d]} /> : null}
                    <text x={barLeft + barMax + 6} y={y + 12} font-size="12" fill="#000">{`${t(domainShort[d])}: ${s ? `${formatMean(s.mean)} ${t(s.level)} ${formatChange(s.change)}` : '–'}`}</text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** The figures of a chart as a table: rows, and per domain the average, level and change. */
export function ResultsTable({ caption, rows, first }: { caption: string; rows: ResultRow[]; first: string }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">{t('Answers')}</th>
          {surveyDomains.map((d) => <th key={d} scope="col">{t(domainLabels[d])}</th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>{r.answers}</td>
            {surveyDomains.map((d) => {
              const s = r.domains[d];
              return <td key={d}>{s ? scoreWords(s) : '–'}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
