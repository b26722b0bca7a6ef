// Money is integer pence from the moment it is typed to the moment it is shown: pounds are
// parsed as text (never through a float), and every share is rounded once, half up, per log.
// The rules are written down in docs/decisions/0010-care-money-rounding.md.

/** Pence from what a person typed ("20", "20.5", "£20.00"). A string is a message for the field. */
export function parsePounds(raw: unknown, range: { min: number; max: number }): number | string {
  const text = typeof raw === 'string' ? raw.trim().replace(/^£/, '') : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : null;
  const between = `Enter an amount from ${formatPounds(range.min)} to ${formatPounds(range.max)}`;
  if (text === null || text === '') return `${between}, like 20.00`;
  if (/^-/.test(text)) return between;
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return /^\d*\.\d{3,}$/.test(text) ? 'Use pounds and pence, with at most two numbers after the point' : `Enter the amount in pounds, like 20.00`;
  const pence = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return pence < range.min || pence > range.max ? between : pence;
}

export const RATE_RANGE = { min: 100, max: 20_000 };
export const EXPENSE_RANGE = { min: 1, max: 100_000 };

/** "20.00": pounds with two decimals from pence by integer arithmetic (for CSV and the API). */
export function poundsText(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const p = Math.abs(pence);
  return `${sign}${Math.floor(p / 100)}.${String(p % 100).padStart(2, '0')}`;
}

/** "£1,234.50" for pages. */
export function formatPounds(pence: number): string {
  const [whole, part] = poundsText(pence).replace('-', '').split('.') as [string, string];
  return `${pence < 0 ? '−' : ''}£${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${part}`;
}

/** round_half_up(numerator / denominator) for non-negative integers, without leaving integers. */
export function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((numerator * 2 + denominator) / (denominator * 2));
}

export interface LogMoney {
  /** What the worked minutes cost at the agreed rate. */
  gross: number;
  /** The commons contribution taken from the worker's side. */
  workerDeduction: number;
  /** The commons contribution added to what the payer is charged. */
  payerAddition: number;
  payerPays: number;
  workerGets: number;
  coopKeeps: number;
}

/**
 * One confirmed paid log, priced. Each share is rounded half up from the log's own gross, so
 * a statement's totals are simply the sums of its lines and every line adds up on its own.
 */
export function priceLog(ratePence: number, minutes: number, deductedBasisPoints: number, addedBasisPoints: number): LogMoney {
  const gross = divideHalfUp(ratePence * minutes, 60);
  const workerDeduction = divideHalfUp(gross * deductedBasisPoints, 10_000);
  const payerAddition = divideHalfUp(gross * addedBasisPoints, 10_000);
  return { gross, workerDeduction, payerAddition, payerPays: gross + payerAddition, workerGets: gross - workerDeduction, coopKeeps: workerDeduction + payerAddition };
}

/** "1 h 30 min", "45 min": worked time in plain words. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m || !h ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** "1.50" hours for statements (two decimals, rounded half up, integer arithmetic). */
export function hoursText(minutes: number): string {
  return poundsText(divideHalfUp(minutes * 100, 60));
}
