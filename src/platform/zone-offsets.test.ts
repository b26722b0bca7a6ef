// The cached offsets (zone-offsets.ts) give exactly what Intl and Temporal give, in zones with
// odd offsets and clock changes, at random instants and beside every kind of change.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { wallClock, wallClockThroughIntl, zonedToUtc, zonedToUtcThroughTemporal } from './zoned-time.ts';

const ZONES = [
  'Europe/London', 'Europe/Dublin', 'America/New_York', 'America/St_Johns', 'America/Sao_Paulo', 'Australia/Lord_Howe',
  'Pacific/Chatham', 'Pacific/Apia', 'Asia/Kolkata', 'Asia/Tehran', 'Africa/Monrovia', 'UTC',
];
const FROM = Date.UTC(1890, 0, 1);
const TO = Date.UTC(2210, 0, 1);

/** An instant within three hours of one of the zone's clock changes, or anywhere when it has none near. */
function nearChange(zone: string, from: number, within: number): number {
  const change = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(zone).getTimeZoneTransition('next');
  return change ? change.epochMilliseconds + within : from;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const wallOf = (ms: number, zone: string) => {
  const w = wallClockThroughIntl(new Date(ms), zone);
  return { date: w.date, time: w.time };
};

describe('cached zone offsets', () => {
  test('wallClock: the same as Intl at random instants and beside clock changes', () => {
    const instant = fc.oneof(
      fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: FROM, max: TO })),
      fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }))
        .map(([zone, from, within]) => [zone, nearChange(zone, from, within)] as [string, number]),
    );
    fc.assert(fc.property(instant, ([zone, ms]) => {
      assert.deepEqual(wallClock(new Date(ms), zone), wallClockThroughIntl(new Date(ms), zone), `${zone} ${new Date(ms).toISOString()}`);
    }), { numRuns: 4000, seed: 20261204 });
  });

  test('zonedToUtc: the same as Temporal for wall times at random, beside clock changes (in the gap and the overlap too), and rolling over', () => {
    const wall = fc.oneof(
      // Wall times read off instants beside a change, then moved by up to two hours: in gaps and overlaps.
      fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }), fc.integer({ min: -120, max: 120 }))
        .map(([zone, from, within, shift]) => {
          const w = wallOf(nearChange(zone, from, within) + shift * 60_000, zone);
          return [zone, w.date, w.time] as [string, string, string];
        }),
      // Anywhere, with days past the month's end and seconds.
      fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: 1890, max: 2210 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
        .map(([zone, y, mo, d, h, mi, s]) => [zone, `${pad(y, 4)}-${pad(mo)}-${pad(d)}`, `${pad(h)}:${pad(mi)}:${pad(s)}`] as [string, string, string]),
    );
    fc.assert(fc.property(wall, ([zone, date, time]) => {
      assert.equal(zonedToUtc(date, time, zone).getTime(), zonedToUtcThroughTemporal(date, time, zone).getTime(), `${zone} ${date} ${time}`);
    }), { numRuns: 4000, seed: 20261204 });
  });

  test('London in 2026: the spring gap moves on and the autumn overlap is the first reading, through the cache as before', () => {
    assert.equal(zonedToUtc('2026-03-29', '01:30', 'Europe/London').toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(zonedToUtc('2026-10-25', '01:30', 'Europe/London').toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(zonedToUtc('2026-07-01', '12:00', 'Europe/London').toISOString(), '2026-07-01T11:00:00.000Z');
    assert.deepEqual(wallClock(new Date('2026-10-25T00:59:59Z'), 'Europe/London'), { date: '2026-10-25', time: '01:59', weekday: 6 });
    assert.deepEqual(wallClock(new Date('2026-10-25T01:00:00Z'), 'Europe/London'), { date: '2026-10-25', time: '01:00', weekday: 6 });
  });
});
