import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type MemberClass, type Vote, tally } from './tally.ts';

const voteArb = fc.record({
  memberClass: fc.constantFrom<MemberClass>('supported', 'advocate', 'worker', 'investor'),
  choice: fc.constantFrom<'for' | 'against'>('for', 'against'),
  sharesPence: fc.integer({ min: 100, max: 10_000_000 }),
});
const rulesArb = fc.record({
  kind: fc.constantFrom<'ordinary' | 'special'>('ordinary', 'special'),
  capBasisPoints: fc.integer({ min: 0, max: 5000 }),
  investorWeighting: fc.constantFrom<'equal' | 'shares'>('equal', 'shares'),
});

test('investors never exceed the cap; other votes count one each; pass follows the threshold exactly', () => {
  fc.assert(
    fc.property(fc.array(voteArb, { maxLength: 60 }), rulesArb, (votes, rules) => {
      const r = tally(votes, rules);
      const others = votes.filter((v) => v.memberClass !== 'investor');
      const investors = votes.length - others.length;
      // Investor share of the total weight is at most the cap (exact cross-multiplication).
      assert.ok(r.investorWeight.num * r.totalWeight.den * 10000n <= BigInt(rules.capBasisPoints) * r.totalWeight.num * r.investorWeight.den || investors === 0);
      // When under the cap, investors keep one vote each.
      if (investors * (10000 - rules.capBasisPoints) <= rules.capBasisPoints * others.length) {
        assert.equal(Number(r.investorWeight.num) / Number(r.investorWeight.den || 1n), investors);
      }
      // Non-investor votes count exactly one each.
      const nonInvestorFor = others.filter((v) => v.choice === 'for').length;
      const weightedFor = Number(r.weightedFor.num) / Number(r.weightedFor.den);
      assert.ok(weightedFor + 1e-9 >= nonInvestorFor);
      // An independent floating-point tally agrees wherever it is not within rounding of the line.
      const cap = rules.capBasisPoints / 10000;
      const bloc = cap >= 1 ? investors : Math.min(investors, (cap * others.length) / (1 - cap));
      const inv = votes.filter((x) => x.memberClass === 'investor');
      const measure = (x: Vote) => (rules.investorWeighting === 'shares' ? x.sharesPence ?? 0 : 1);
      const totalMeasure = inv.reduce((sum, x) => sum + measure(x), 0);
      const forWeight = nonInvestorFor + (totalMeasure ? (bloc * inv.filter((x) => x.choice === 'for').reduce((sum, x) => sum + measure(x), 0)) / totalMeasure : 0);
      const all = others.length + (totalMeasure ? bloc : 0);
      const threshold = rules.kind === 'special' ? 0.75 : 0.5;
      if (all > 0 && Math.abs(forWeight / all - threshold) > 1e-9) assert.equal(r.passed, forWeight / all > threshold);
      if (all === 0) assert.equal(r.passed, false);
    }),
    { numRuns: 500, seed: 42 },
  );
});

test('ties at exactly 50% and 75% fail; one more vote passes', () => {
  const v = (memberClass: MemberClass, choice: 'for' | 'against'): Vote => ({ memberClass, choice });
  const ordinary = { kind: 'ordinary' as const, capBasisPoints: 1000, investorWeighting: 'equal' as const };
  const special = { ...ordinary, kind: 'special' as const };
  assert.equal(tally([v('worker', 'for'), v('supported', 'against')], ordinary).passed, false);
  assert.equal(tally([v('worker', 'for'), v('worker', 'for'), v('supported', 'against')], ordinary).passed, true);
  const threeToOne = [v('worker', 'for'), v('worker', 'for'), v('advocate', 'for'), v('supported', 'against')];
  assert.equal(tally(threeToOne, special).passed, false);
  assert.equal(tally([...threeToOne, v('worker', 'for')], special).passed, true);
});

test('a large investor turnout is scaled to the cap and cannot carry a resolution alone', () => {
  const votes: Vote[] = [
    ...Array.from({ length: 9 }, () => ({ memberClass: 'worker' as const, choice: 'against' as const })),
    ...Array.from({ length: 100 }, () => ({ memberClass: 'investor' as const, choice: 'for' as const })),
  ];
  const r = tally(votes, { kind: 'ordinary', capBasisPoints: 1000, investorWeighting: 'equal' });
  assert.equal(r.investorScaled, true);
  // 9 others: investors weigh 1 vote in total, exactly 10% of 10.
  assert.equal(Number(r.investorWeight.num) / Number(r.investorWeight.den), 1);
  assert.equal(r.passed, false);
  assert.match(r.rule, /scaled down/);
});
