import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSlot, mondayOf, wallClock, zonedToUtc } from './times.ts';

test('local times in Europe/London become the right UTC instants across both clock changes', () => {
  assert.equal(zonedToUtc('2026-01-15', '10:00').toISOString(), '2026-01-15T10:00:00.000Z');
  assert.equal(zonedToUtc('2026-07-15', '10:00').toISOString(), '2026-07-15T09:00:00.000Z');
  assert.equal(zonedToUtc('2026-03-29', '10:00').toISOString(), '2026-03-29T09:00:00.000Z', 'the day the clocks go forward');
  assert.equal(zonedToUtc('2026-10-25', '10:00').toISOString(), '2026-10-25T10:00:00.000Z', 'the day the clocks go back');
  assert.equal(zonedToUtc('2026-10-25', '01:30').toISOString(), '2026-10-25T00:30:00.000Z', 'a repeated time takes its first meaning');
  assert.equal(zonedToUtc('2026-03-29', '01:30').toISOString(), '2026-03-29T01:30:00.000Z', 'a skipped time lands an hour later');
  assert.deepEqual(wallClock(new Date('2026-07-15T09:00:00Z')), { date: '2026-07-15', time: '10:00', weekday: 2 });
  assert.equal(mondayOf('2026-12-06'), '2026-11-30');
  assert.equal(describeSlot(new Date('2026-12-01T10:00:00Z'), new Date('2026-12-01T11:00:00Z')), 'Tue 1 Dec, 10:00–11:00');
});
