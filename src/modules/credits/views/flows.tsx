import { t } from '../../../web/i18n.ts';
import { creditsNumber, formatCredits } from '../amounts.ts';
import type { FlowMonth } from '../queries.ts';
import type { TransferKind } from '../schema.ts';
import { Table } from '../../../web/views/table.tsx';

// Colours from the Okabe–Ito palette (distinguishable with colour blindness); the legend names
// each one and the table below the chart carries every number, so colour is never the only cue.
const series: { kind: TransferKind; label: string; colour: string }[] = [
  { kind: 'earn', label: 'Earned', colour: '#0072B2' },
  { kind: 'gift', label: 'Given', colour: '#E69F00' },
  { kind: 'donate', label: 'Donated to pools', colour: '#009E73' },
  { kind: 'redistribute', label: 'Paid from pools', colour: '#CC79A7' },
  { kind: 'spend', label: 'Spent on extras', colour: '#D55E00' },
  { kind: 'reverse', label: 'Reversed', colour: '#666666' },
];

const monthName = (month: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

/** A round number of credits at or above the largest month, for the scale. */
function scaleTop(minutes: number): number {
  const credits = Math.max(1, Math.ceil(minutes / 60));
  const step = 10 ** Math.floor(Math.log10(credits));
  return Math.ceil(credits / step) * step * 60;
}

export function FlowsChart({ months }: { months: FlowMonth[] }) {
  const width = 720;
  const height = 320;
  const left = 64;
  const bottom = 40;
  const top = 16;
  const plot = height - bottom - top;
  const totals = months.map((m) => series.reduce((sum, s) => sum + m.minutes[s.kind], 0));
  const max = scaleTop(Math.max(0, ...totals));
  const slot = (width - left) / Math.max(1, months.length);
  const y = (minutes: number) => (minutes / max) * plot;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const first = months[0]?.month ?? '';
  const last = months[months.length - 1]?.month ?? '';
  return (
    <figure>
      <svg role="img" aria-labelledby="flows-title flows-desc" viewBox={`0 0 ${width} ${height}`} width="100%" height={height}>
        <title id="flows-title">{t('Credits moved across the co-op each month')}</title>
        <desc id="flows-desc">
          {t('Stacked bars, one per month from {first} to {last}, split by kind of transfer. The same numbers are in the table below.', { first: monthName(first), last: monthName(last) })}
        </desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={left} x2={width} y1={top + plot - y(tick)} y2={top + plot - y(tick)} stroke="#cccccc" />
            <text x={left - 8} y={top + plot - y(tick) + 4} text-anchor="end" font-size="12">
              {String(creditsNumber(tick))}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          let stacked = 0;
          const x = left + i * slot + slot * 0.15;
          return (
            <g key={m.month}>
              {series.map((s) => {
                const value = m.minutes[s.kind];
                if (value === 0) return null;
                stacked += value;
                return (
                  <rect key={s.kind} x={x} width={slot * 0.7} y={top + plot - y(stacked)} height={y(value)} fill={s.colour}>
                    <title>{`${monthName(m.month)}: ${t(s.label)} ${formatCredits(value)}`}</title>
                  </rect>
                );
              })}
              <text x={x + slot * 0.35} y={height - bottom + 18} text-anchor="middle" font-size="12">
                {monthName(m.month)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="chart-legend">
          {series.map((s) => (
            <li key={s.kind}>
              <svg width="14" height="14" aria-hidden="true" focusable="false">
                <rect width="14" height="14" fill={s.colour} />
              </svg>{' '}
              {t(s.label)}
            </li>
          ))}
        </ul>
        {t('Scale in credits (one credit is one hour).')}
      </figcaption>
    </figure>
  );
}

export function FlowsTable({ months }: { months: FlowMonth[] }) {
  return (
    <Table caption={t('Credits moved each month, by kind')}>
      <thead>
        <tr>
          <th scope="col">{t('Month')}</th>
          {series.map((s) => (
            <th scope="col" key={s.kind}>{t(s.label)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {months.map((m) => (
          <tr key={m.month}>
            <th scope="row">{monthName(m.month)}</th>
            {series.map((s) => (
              <td key={s.kind}>{formatCredits(m.minutes[s.kind])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
