import { dateFormat } from '../platform/zoned-time.ts';

/** Dates are stored in UTC and shown in the co-op's time zone. */
export function formatDateTime(date: Date, timeZone: string): string {
  return dateFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDate(date: Date, timeZone: string): string {
  return dateFormat('en-GB', { timeZone, dateStyle: 'long' }).format(date);
}
