// The rounding rules of docs/decisions/0010-care-money-rounding.md, as a table and as properties.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { RATE_RANGE, divideHalfUp, formatPounds, parsePounds, poundsText, priceLog } from './amounts.ts';
import type { Invalid } from '../../../platform/errors.ts';
import { monthPeriod } from './period.ts';
import { sumLines, type StatementLine } from './statements.ts';

const shown = (m: ReturnType<typeof priceLog>) => ({ gross: poundsText(m.gross), payer: poundsText(m.payerPays), worker: poundsText(m.workerGets), coop: poundsText(m.coopKeeps) });

describe('care money rounding', () => {
  test("the issue's example: 20.00 an hour for 1.5 hours", () => {
    assert.deepEqual(shown(priceLog(2000, 90, 750, 1750)), { gross: '30.00', payer: '35.25', worker: '27.75', coop: '7.50' });
  });
  test("DOMAIN's example: 20.00 an hour for 1 hour", () => {
    assert.deepEqual(shown(priceLog(2000, 60, 750, 1750)), { gross: '20.00', payer: '23.50', worker: '18.50', coop: '5.00' });
  });
  test('a table of awkward cases, each rounded once, half up, per log', () => {
    const cases: [number, number, { gross: number; workerDeduction: number; payerAddition: number }][] = [
      // One minute at 20.00: 33.33p -> 33p; 7.5% of 33 = 2.475 -> 2; 17.5% of 33 = 5.775 -> 6.
      [2000, 1, { gross: 33, workerDeduction: 2, payerAddition: 6 }],
      // 21.50 for 1 minute: 35.833p -> 36p; 2.7 -> 3; 6.3 -> 6.
      [2150, 1, { gross: 36, workerDeduction: 3, payerAddition: 6 }],
      // Exactly half a penny of gross: 1.01 for 30 minutes = 50.5p -> 51p (half up).
      [101, 30, { gross: 51, workerDeduction: 4, payerAddition: 9 }],
      // Half-pence shares at 7.5% and 17.5%: gross 20p -> 1.5p -> 2p and 3.5p -> 4p.
      [1200, 1, { gross: 20, workerDeduction: 2, payerAddition: 4 }],
      // gross 60p: 4.5p -> 5p; 10.5p -> 11p.
      [3600, 1, { gross: 60, workerDeduction: 5, payerAddition: 11 }],
      // Odd pence: 18.37 for 47 minutes = 1438.98p -> 1439p; 107.925 -> 108; 251.825 -> 252.
      [1837, 47, { gross: 1439, workerDeduction: 108, payerAddition: 252 }],
      // Large: 200.00 for 24 hours = 4800.00; 360.00 and 840.00 exactly.
      [20000, 1440, { gross: 480000, workerDeduction: 36000, payerAddition: 84000 }],
    ];
    for (const [rate, minutes, expected] of cases) {
      const m = priceLog(rate, minutes, 750, 1750);
      assert.deepEqual({ gross: m.gross, workerDeduction: m.workerDeduction, payerAddition: m.payerAddition }, expected, `${rate}p for ${minutes} min`);
    }
  });
  test('half up matches exact rational rounding for every small case', () => {
    for (let d = 1; d <= 120; d += 1) for (let n = 0; n <= 500; n += 1) assert.equal(divideHalfUp(n, d), Math.floor(n / d + 0.5 + 1e-12), `${n}/${d}`);
  });
  test('property: payer − worker = co-op, all non-negative integers, totals are the sums of the lines', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ rate: fc.integer({ min: 100, max: 20_000 }), minutes: fc.integer({ min: 1, max: 1440 }) }), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }),
      (logs, deducted, added) => {
        const lines = logs.map((l, i) => {
          const money = priceLog(l.rate, l.minutes, deducted, added);
          for (const v of Object.values(money)) assert.ok(Number.isInteger(v) && v >= 0, `non-negative integer: ${v}`);
          assert.equal(money.payerPays - money.workerGets, money.coopKeeps);
          // The exact figure is never more than half a penny away.
          assert.ok(Math.abs(money.gross - (l.rate * l.minutes) / 60) <= 0.5);
          return { logId: String(i), minutes: l.minutes, money } as StatementLine;
        });
        const totals = sumLines(lines, []);
        assert.equal(totals.payerPays, lines.reduce((s, l) => s + (l.money?.payerPays ?? 0), 0));
        assert.equal(totals.workerGets, lines.reduce((s, l) => s + (l.money?.workerGets ?? 0), 0));
        assert.equal(totals.payerPays - totals.workerGets, totals.coopKeeps);
      },
    ), { numRuns: 300 });
  });
});

describe('pounds as typed', () => {
  test('turns pounds into pence without floating point', () => {
    assert.equal(parsePounds('20.00', RATE_RANGE), 2000);
    assert.equal(parsePounds('21.5', RATE_RANGE), 2150);
    assert.equal(parsePounds('£18.37', RATE_RANGE), 1837);
    assert.equal(parsePounds(' 200 ', RATE_RANGE), 20000);
    assert.equal(parsePounds('0.29', { min: 1, max: 100 }), 29);
  });
  test('refuses what is not an amount in range', () => {
    for (const bad of ['20.005', '-1', 'abc', '1e3', '', '0.99', '200.01', '20,00', '.', '1.2.3', null, undefined, {}, Number.NaN]) {
      assert.equal(typeof parsePounds(bad, RATE_RANGE), 'string', String(bad));
    }
  });
  test('shows pence as pounds', () => {
    assert.equal(poundsText(5), '0.05');
    assert.equal(poundsText(3525), '35.25');
    assert.equal(formatPounds(123456), '£1,234.56');
  });
});

describe('statement periods', () => {
  test('a month is local midnight to local midnight in Europe/London, through the clock change', () => {
    const oct = monthPeriod('2026-10', new Date(), 'Europe/London');
    assert.equal(oct.from.toISOString(), '2026-09-30T23:00:00.000Z');
    assert.equal(oct.to.toISOString(), '2026-11-01T00:00:00.000Z');
    assert.equal(oct.lastDay, '2026-10-31');
    const jan = monthPeriod('2027-01', new Date(), 'Europe/London');
    assert.equal(jan.from.toISOString(), '2027-01-01T00:00:00.000Z');
    assert.throws(() => monthPeriod('2026-13', new Date(), 'Europe/London'), (e: Invalid) => e.status === 422 && !!e.fields.month);
    assert.equal(monthPeriod(undefined, new Date('2026-11-30T23:30:00Z'), 'Europe/London').month, '2026-11');
  });
});
