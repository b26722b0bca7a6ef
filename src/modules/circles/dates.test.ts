// isoDate reads the day from the zone's cached offsets: it must give the day Intl gives, in any
// zone, at any instant (near a clock change zoned-time.ts asks Intl itself).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoDate } from './dates.ts';

test("isoDate gives Intl's calendar day, at random instants and beside midnight UTC, in six zones", () => {
  let seed = 11;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (const timeZone of ['Europe/London', 'UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham']) {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let i = 0; i < 400; i++) {
      const instant = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 10 * 365 * 86_400_000));
      assert.equal(isoDate(instant, timeZone), intl.format(instant), `${timeZone} ${instant.toISOString()}`);
      const midnight = new Date(`${intl.format(instant)}T00:00:00Z`);
      for (const ms of [-1, 0, 1]) {
        const near = new Date(midnight.getTime() + ms);
        assert.equal(isoDate(near, timeZone), intl.format(near), `${timeZone} ${near.toISOString()}`);
      }
    }
  }
});
