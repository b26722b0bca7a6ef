import { Readable } from 'node:stream';
import { creditsNumber } from './amounts.ts';
import type { StatementRow } from './queries.ts';
import { activityLabel } from './validation.ts';
import { describe } from './views/statement.tsx';

// A cell a spreadsheet would read as a formula (=, +, -, @) is prefixed with an apostrophe, so
// a message such as "=HYPERLINK(...)" stays text. Numbers are written as numbers.
export const text = (value: string | null): string => {
  const s = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const header = ['When', 'What', 'With', 'Activity', 'Message', 'Minutes', 'Credits', 'Balance after (minutes)', 'Balance after (credits)', 'Transfer', 'Reverses', 'Reversed by'];

/** The statement as CSV, written a page at a time as the rows are read. */
export function statementCsv(rows: AsyncIterable<StatementRow>, timeZone: string): Readable {
  const when = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' });
  async function* lines() {
    yield `${header.join(',')}\r\n`;
    for await (const r of rows) {
      yield `${[
        text(when.format(r.at)),
        text(describe(r)),
        text(r.counterparty),
        text(r.activity ? activityLabel(r.activity) : null),
        text(r.message),
        String(r.amount),
        String(creditsNumber(r.amount)),
        String(r.balanceAfter),
        String(creditsNumber(r.balanceAfter)),
        r.transferId,
        r.reversesTransferId ?? '',
        r.reversedBy ?? '',
      ].join(',')}\r\n`;
    }
  }
  return Readable.from(lines());
}
