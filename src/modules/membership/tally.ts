/**
 * The tally of a resolution at a general meeting (DOMAIN.md 2). One member, one vote; the
 * investor class together never holds more than `capBasisPoints` of the voting strength: when
 * it would, its weight is scaled down to exactly the cap. Within the investor bloc the weight
 * is shared equally or by shareholding (a setting). Every figure is an exact fraction, so a tie
 * at exactly 50% or 75% is decided exactly (it fails: the Rules say "more than").
 */
export type MemberClass = 'supported' | 'advocate' | 'worker' | 'investor';
export type Choice = 'for' | 'against';

export interface Vote {
  memberClass: MemberClass;
  choice: Choice;
  /** Share capital in pence, used only when investors are weighted by shares. */
  sharesPence?: number;
}

export interface TallyRules {
  kind: 'ordinary' | 'special';
  capBasisPoints: number; // 1000 = 10%
  investorWeighting: 'equal' | 'shares';
}

export interface Fraction {
  num: bigint;
  den: bigint;
}

export interface Tally {
  byClass: Record<MemberClass, { for: number; against: number }>;
  investorScaled: boolean;
  /** Weighted votes as exact fractions and as decimals for display. */
  weightedFor: Fraction;
  weightedAgainst: Fraction;
  investorWeight: Fraction;
  totalWeight: Fraction;
  forShare: number;
  threshold: number;
  passed: boolean;
  rule: string;
}

const frac = (num: bigint, den: bigint): Fraction => ({ num, den });
const toNumber = (f: Fraction) => (f.den === 0n ? 0 : Number(f.num) / Number(f.den));

export function tally(votes: Vote[], rules: TallyRules): Tally {
  const byClass = {
    supported: { for: 0, against: 0 },
    advocate: { for: 0, against: 0 },
    worker: { for: 0, against: 0 },
    investor: { for: 0, against: 0 },
  };
  for (const v of votes) byClass[v.memberClass][v.choice] += 1;
  const investors = votes.filter((v) => v.memberClass === 'investor');
  const nFor = BigInt(votes.filter((v) => v.memberClass !== 'investor' && v.choice === 'for').length);
  const n = BigInt(votes.length - investors.length);
  const i = BigInt(investors.length);
  const cap = BigInt(rules.capBasisPoints);
  const full = 10000n;
  // The bloc's weight W: its raw votes, unless that exceeds cap/(1-cap) of the others' votes.
  const scaled = i * (full - cap) > cap * n;
  const wNum = scaled ? cap * n : i * (full - cap);
  const wDen = full - cap; // W = wNum / wDen
  // Within the bloc, weight follows votes (equal) or share capital.
  const measure = (v: Vote) => BigInt(rules.investorWeighting === 'shares' ? Math.max(0, Math.trunc(v.sharesPence ?? 0)) : 1);
  const xTotal = investors.reduce((s, v) => s + measure(v), 0n);
  const xFor = investors.filter((v) => v.choice === 'for').reduce((s, v) => s + measure(v), 0n);
  // Common denominator D = wDen * xTotal (or wDen when there is no investor measure).
  const d = wDen * (xTotal === 0n ? 1n : xTotal);
  const invFor = xTotal === 0n ? 0n : wNum * xFor;
  const invAll = xTotal === 0n ? 0n : wNum * xTotal;
  const forScaled = nFor * d + invFor;
  const allScaled = n * d + invAll;
  const threshold = rules.kind === 'special' ? 75n : 50n;
  const passed = allScaled > 0n && forScaled * 100n > threshold * allScaled;
  return {
    byClass,
    investorScaled: scaled && i > 0n,
    weightedFor: frac(forScaled, d),
    weightedAgainst: frac(allScaled - forScaled, d),
    investorWeight: frac(invAll, d),
    totalWeight: frac(allScaled, d),
    forShare: toNumber(frac(forScaled, allScaled === 0n ? 1n : allScaled)),
    threshold: Number(threshold) / 100,
    passed,
    rule: `${rules.kind === 'special' ? 'Special resolution: more than 75%' : 'Ordinary resolution: more than 50%'} of votes cast; investors together at most ${Number(cap) / 100}% of the voting strength${scaled && i > 0n ? ' (their votes were scaled down to the cap)' : ''}; within the investor class, weight ${rules.investorWeighting === 'shares' ? 'follows share capital' : 'is equal'}.`,
  };
}

export const fractionToNumber = toNumber;
