import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import {
  addDays,
  coOpTimeZone,
  dateTimeField,
  describeInstant,
  isDay,
  optionalDateTimeField,
  readDateTime,
  readRange,
  setCoOpTimeZone,
  toLocalInput,
  typedInstant,
  typedRange,
  wallClock,
  zonedToUtc,
} from './zoned-time.ts';

const iso = (d: Date) => d.toISOString();
const ok = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) assert.fail(`expected a value, got "${r.message}"`);
  return r.value;
};

afterEach(() => setCoOpTimeZone('Europe/London'));

describe('zoned-time: Europe/London (the default)', () => {
  test('the default zone is Europe/London', () => assert.equal(coOpTimeZone(), 'Europe/London'));

  test('a July time is summer time (UTC+1), a January time is UTC', () => {
    assert.equal(iso(ok(typedInstant('2026-07-01', '12:00'))), '2026-07-01T11:00:00.000Z');
    assert.equal(iso(ok(typedInstant('2026-01-15', '12:00'))), '2026-01-15T12:00:00.000Z');
    assert.equal(iso(ok(readDateTime('2026-07-01T18:00'))), '2026-07-01T17:00:00.000Z');
  });

  test('either side of the spring change (29 March 2026)', () => {
    assert.equal(iso(ok(typedInstant('2026-03-29', '00:59'))), '2026-03-29T00:59:00.000Z');
    assert.equal(iso(ok(typedInstant('2026-03-29', '02:00'))), '2026-03-29T01:00:00.000Z');
    assert.equal(iso(ok(typedInstant('2026-03-28', '12:00'))), '2026-03-28T12:00:00.000Z');
    assert.equal(iso(ok(typedInstant('2026-03-30', '12:00'))), '2026-03-30T11:00:00.000Z');
  });

  test('a time in the spring gap is refused, naming the gap', () => {
    for (const time of ['01:00', '01:30', '01:59']) {
      const r = typedInstant('2026-03-29', time);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.message, `${time} does not exist on 29 March 2026: the clocks go forward from 01:00 to 02:00`);
    }
    const typed = readDateTime('2026-03-29T01:30');
    assert.equal(!typed.ok && typed.message, '01:30 does not exist on 29 March 2026: the clocks go forward from 01:00 to 02:00');
  });

  test('either side of the autumn change (25 October 2026); a lone repeated time is the first (summer) one', () => {
    assert.equal(iso(ok(typedInstant('2026-10-25', '00:30'))), '2026-10-24T23:30:00.000Z');
    assert.equal(iso(ok(typedInstant('2026-10-25', '01:30'))), '2026-10-25T00:30:00.000Z');
    assert.equal(iso(ok(typedInstant('2026-10-25', '02:30'))), '2026-10-25T02:30:00.000Z');
    assert.equal(iso(ok(typedInstant('2026-10-26', '12:00'))), '2026-10-26T12:00:00.000Z');
  });

  test('a range typed across the autumn overlap lasts what the wall clock shows', () => {
    const hours = (s: string, e: string) => {
      const r = ok(typedRange({ date: '2026-10-25', time: s }, { date: '2026-10-25', time: e }));
      return (r.end.getTime() - r.start.getTime()) / 3_600_000;
    };
    assert.equal(hours('01:30', '02:30'), 1);
    assert.equal(hours('00:30', '01:30'), 1);
    assert.equal(hours('01:10', '01:50'), 2 / 3);
    assert.equal(hours('00:30', '02:30'), 3, 'neither time is repeated, and the clock went back an hour between them');
    assert.equal(hours('00:00', '03:00'), 4);
    const r = ok(typedRange({ date: '2026-10-25', time: '01:30' }, { date: '2026-10-25', time: '02:30' }));
    assert.equal(iso(r.start), '2026-10-25T01:30:00.000Z');
    assert.equal(toLocalInput(r.start), '2026-10-25T01:30');
    assert.equal(toLocalInput(r.end), '2026-10-25T02:30');
  });

  test('a range with an end in the spring gap is refused on the end', () => {
    const r = typedRange({ date: '2026-03-29', time: '00:30' }, { date: '2026-03-29', time: '01:30' });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.field, 'end');
    assert.match(!r.ok ? r.message : '', /^01:30 does not exist on 29 March 2026/);
    const s = readRange('2026-03-29T01:15', '2026-03-29T03:00');
    assert.equal(!s.ok && s.field, 'start');
  });

  test('a value with its offset is an exact instant, whatever the zone (the API may choose the other autumn hour)', () => {
    assert.equal(iso(ok(readDateTime('2026-10-25T01:30+00:00'))), '2026-10-25T01:30:00.000Z');
    assert.equal(iso(ok(readDateTime('2026-07-01T11:00:00Z'))), '2026-07-01T11:00:00.000Z');
    const r = ok(readRange('2026-10-25T01:30+01:00', '2026-10-25T02:30+00:00'));
    assert.equal(r.end.getTime() - r.start.getTime(), 2 * 3_600_000);
  });

  test('not a date and time: refused without a gap message', () => {
    for (const bad of ['', 'tomorrow', '2026-02-30T10:00', '2026-07-01T24:00', '2026-07-01T10:60', '2026-07-01', 42, null]) {
      const r = readDateTime(bad);
      assert.equal(r.ok, false, String(bad));
      assert.doesNotMatch(!r.ok ? r.message : '', /does not exist/);
    }
  });

  test('schedules are never refused: zonedToUtc moves a gap time on by the gap, takes the first of a repeated one', () => {
    assert.equal(iso(zonedToUtc('2026-03-29', '01:30')), '2026-03-29T01:30:00.000Z');
    assert.equal(wallClock(zonedToUtc('2026-03-29', '01:30')).time, '02:30');
    assert.equal(iso(zonedToUtc('2026-10-25', '01:30')), '2026-10-25T00:30:00.000Z');
    assert.equal(iso(zonedToUtc('2026-03-29', '00:00')), '2026-03-29T00:00:00.000Z');
    assert.equal(iso(zonedToUtc('2026-01-32', '00:00')), '2026-02-01T00:00:00.000Z', 'a day past the month rolls on, as the money statements step through days');
    assert.equal(iso(zonedToUtc('2026-12-32', '00:00')), '2027-01-01T00:00:00.000Z');
    assert.equal(iso(zonedToUtc('2026-07-1', '9:00')), '2026-07-01T08:00:00.000Z');
  });

  test('describeInstant names the local time and the zone', () => {
    assert.equal(describeInstant(new Date('2026-07-01T11:00:00Z')), 'Wed, 1 Jul 2026, 12:00 BST');
    assert.equal(describeInstant(new Date('2026-01-15T12:00:00Z')), 'Thu, 15 Jan 2026, 12:00 GMT');
  });

  test('calendar days', () => {
    assert.equal(addDays('2026-03-28', 1), '2026-03-29');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-02-30', 0), '2026-03-02', 'a stray day past the month rolls on rather than throwing');
    assert.equal(isDay('2026-02-29'), false);
    assert.equal(isDay('2028-02-29'), true);
    assert.equal(isDay('2026-13-01'), false);
  });

  test('property: every existing wall-clock minute of 2026 round-trips through typedInstant and toLocalInput', () => {
    const minute = fc.integer({ min: 0, max: 365 * 24 * 60 - 1 });
    fc.assert(
      fc.property(minute, (m) => {
        const wall = new Date(Date.UTC(2026, 0, 1) + m * 60_000).toISOString().slice(0, 16);
        const r = readDateTime(wall);
        const inGap = wall.startsWith('2026-03-29T01:');
        assert.equal(r.ok, !inGap, wall);
        if (r.ok) assert.equal(toLocalInput(r.value), wall);
      }),
      { numRuns: 2000 },
    );
  });

  test('property: a typed range of whole minutes lasts what the wall clock shows, unless it spans the whole changed hour', () => {
    const start = fc.integer({ min: 0, max: 5 * 60 - 1 });
    const length = fc.integer({ min: 1, max: 5 * 60 });
    fc.assert(
      fc.property(fc.constantFrom('2026-10-25', '2026-03-29'), start, length, (date, s, len) => {
        const at = (m: number) => new Date(Date.UTC(2026, Number(date.slice(5, 7)) - 1, Number(date.slice(8)), 0, m)).toISOString().slice(0, 16);
        const r = readRange(at(s), at(s + len));
        if (!r.ok) {
          assert.match(r.message, /does not exist on 29 March 2026/);
          return;
        }
        const real = (r.value.end.getTime() - r.value.start.getTime()) / 60_000;
        const spansChange = s < 60 && s + len >= 120;
        assert.equal(real, spansChange ? (date === '2026-10-25' ? len + 60 : len - 60) : len, `${at(s)} to ${at(s + len)}`);
        assert.equal(toLocalInput(r.value.start), at(s));
        assert.equal(toLocalInput(r.value.end), at(s + len));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('zoned-time: hostile input', () => {
  test('property: any string, or any near-miss of a date and time, is read or refused, never thrown', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    const nearMiss = fc.tuple(digits(4), digits(2), digits(2), fc.constantFrom('T', ' ', 't'), digits(2), digits(2), fc.constantFrom('', ':00', ':99', 'Z', '+01:00', '-25:00', '.5Z'))
      .map(([y, mo, d, sep, h, mi, tail]) => `${y}-${mo}-${d}${sep}${h}:${mi}${tail}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), nearMiss), fc.oneof(fc.string(), nearMiss), (a, b) => {
        const one = readDateTime(a);
        if (one.ok) assert.ok(!Number.isNaN(one.value.getTime()), a);
        readRange(a, b);
        typedInstant(a.slice(0, 10), a.slice(11));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('zoned-time: another TIME_ZONE (America/New_York)', () => {
  test('set from config, read by every conversion', () => {
    setCoOpTimeZone('America/New_York');
    assert.equal(coOpTimeZone(), 'America/New_York');
    assert.equal(iso(ok(readDateTime('2026-07-01T12:00'))), '2026-07-01T16:00:00.000Z');
    assert.equal(iso(ok(readDateTime('2026-01-15T12:00'))), '2026-01-15T17:00:00.000Z');
    assert.equal(toLocalInput(new Date('2026-07-01T16:00:00Z')), '2026-07-01T12:00');
    assert.equal(wallClock(new Date('2026-01-15T17:00:00Z')).time, '12:00');
  });

  test('its own spring gap (8 March 2026, 02:00 to 03:00) and autumn overlap (1 November 2026)', () => {
    setCoOpTimeZone('America/New_York');
    const gap = readDateTime('2026-03-08T02:30');
    assert.equal(!gap.ok && gap.message, '02:30 does not exist on 8 March 2026: the clocks go forward from 02:00 to 03:00');
    assert.equal(readDateTime('2026-03-29T01:30').ok, true, "London's gap is an ordinary time in New York");
    const r = ok(readRange('2026-11-01T01:30', '2026-11-01T02:30'));
    assert.equal(r.end.getTime() - r.start.getTime(), 3_600_000);
  });

  test('a zone with a half-hour change (Australia/Lord_Howe) names its own gap', () => {
    const r = typedInstant('2026-10-04', '02:15', 'Australia/Lord_Howe');
    assert.equal(!r.ok && r.message, '02:15 does not exist on 4 October 2026: the clocks go forward from 02:00 to 02:30');
  });

  test('an unknown zone is refused', () => {
    assert.throws(() => setCoOpTimeZone('Europe/Atlantis'), /Unknown time zone/);
    assert.equal(coOpTimeZone(), 'Europe/London');
  });
});

describe('zoned-time: zod fields', () => {
  const schema = z.object({ at: dateTimeField('Enter the date and time'), by: optionalDateTimeField('Enter the deadline') });

  test('read in the zone at parse time', () => {
    assert.equal(iso(schema.parse({ at: '2026-07-01T12:00' }).at), '2026-07-01T11:00:00.000Z');
    setCoOpTimeZone('Asia/Tokyo');
    assert.equal(iso(schema.parse({ at: '2026-07-01T12:00' }).at), '2026-07-01T03:00:00.000Z');
  });

  test('blank optional is null; bad values get the field message; the gap gets the gap message', () => {
    assert.equal(schema.parse({ at: '2026-07-01T12:00', by: '' }).by, null);
    const bad = schema.safeParse({ at: 'soon', by: '2026-03-29T01:30' });
    assert.equal(bad.success, false);
    const messages = Object.fromEntries((bad.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    assert.equal(messages.at, 'Enter the date and time');
    assert.equal(messages.by, '01:30 does not exist on 29 March 2026: the clocks go forward from 01:00 to 02:00');
  });
});
