// Credits are shown and typed as hours (one credit is one hour of volunteer support) and
// stored as whole minutes, so no amount is ever a fraction of a minute.

export const MAX_TRANSFER_MINUTES = 10_000 * 60;

/** Minutes from what a person typed: "2", "1.5", "0.25" or "1:30". A string is a message for the field. */
export function parseCredits(raw: unknown): number | string {
  const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : null;
  if (text === null || text === '') return 'Enter how many credits, like 1 or 1.5';
  if (/^-/.test(text)) return 'Enter an amount greater than zero';
  let minutes: number;
  const clock = /^(\d{1,6}):([0-5]\d)$/.exec(text);
  const decimal = /^(\d{0,6})(?:\.(\d{1,2}))?$/.exec(text);
  if (clock) {
    minutes = Number(clock[1]) * 60 + Number(clock[2]);
  } else if (decimal && text !== '.' && text !== '') {
    const fraction = Number((decimal[2] ?? '').padEnd(2, '0'));
    if ((fraction * 60) % 100 !== 0) return 'Use whole minutes: for example 0.25 (15 minutes) or 0:20 (20 minutes)';
    minutes = Number(decimal[1] || '0') * 60 + (fraction * 60) / 100;
  } else {
    return 'Enter an amount of credits using numbers, like 1 or 1.5';
  }
  if (minutes <= 0) return 'Enter an amount greater than zero';
  if (minutes > MAX_TRANSFER_MINUTES) return 'Enter at most 10,000 credits';
  return minutes;
}

/** "1 credit", "2.5 credits", "1 credit 20 minutes": plain words for screens, statements and screen readers. */
export function formatCredits(minutes: number): string {
  const sign = minutes < 0 ? '−' : '';
  const m = Math.abs(minutes);
  const credits = (n: number) => `${n} ${n === 1 ? 'credit' : 'credits'}`;
  if (m % 15 === 0) return sign + credits(m / 60);
  const rest = `${m % 60} ${m % 60 === 1 ? 'minute' : 'minutes'}`;
  return sign + (m < 60 ? rest : `${credits(Math.floor(m / 60))} ${rest}`);
}

/** Credits as a plain number for CSV and the API (two decimal places at most). */
export const creditsNumber = (minutes: number): number => Math.round((minutes / 60) * 100) / 100;
