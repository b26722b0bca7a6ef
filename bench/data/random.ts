// Deterministic randomness for the synthetic co-op: a seeded PRNG for every choice, and ids
// that are a pure function of (kind, index), so any phase can name any row without storing ids.

/** sfc32: small, fast and good enough for synthetic data; the same seed gives the same stream. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = 0x9e3779b9 ^ seed;
    this.b = 0x243f6a88 ^ stream;
    this.c = 0xb7e15162;
    this.d = 1;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    this.a |= 0;
    this.b |= 0;
    this.c |= 0;
    this.d |= 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }

  /** A log-normal factor around 1, for "some are much bigger than others" without a long tail of zeros. */
  spread(sigma: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
}

/** Pick an index with probability proportional to its weight: cumulative sums and a binary search. */
export class Weighted {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i] as number;
      this.cumulative[i] = sum;
    }
    if (!(sum > 0)) throw new Error('weights must add up to more than zero');
  }

  index(random: Random): number {
    const c = this.cumulative;
    const target = random.next() * (c[c.length - 1] as number);
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((c[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * Zipf-Mandelbrot weights for ranks 1..n: 1/(rank + offset)^exponent, plus a floor so the
 * smallest still get some activity. Rank 1 is the busiest.
 */
export function zipfWeights(n: number, exponent: number, offset: number, floor: number): Float64Array {
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) w[r] = 1 / (r + 1 + offset) ** exponent + floor;
  return w;
}

/** Split a total into whole numbers proportional to the weights (largest remainder), summing exactly to the total. */
export function allocate(total: number, weights: ArrayLike<number>): Int32Array {
  const n = weights.length;
  const out = new Int32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] as number;
  const remainders: [number, number][] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (total * (weights[i] as number)) / sum;
    out[i] = Math.floor(exact);
    given += out[i] as number;
    remainders.push([exact - Math.floor(exact), i]);
  }
  remainders.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; given < total; k++, given++) {
    const i = (remainders[k % n] as [number, number])[1];
    out[i] = (out[i] as number) + 1;
  }
  return out;
}

// murmur3's finaliser: a bijection on 32-bit integers, so distinct indexes give distinct ids.
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (n: number) => (HEX[n >>> 24] as string) + (HEX[(n >>> 16) & 255] as string) + (HEX[(n >>> 8) & 255] as string) + (HEX[n & 255] as string);

/** The kinds of row that get generated ids; each kind is its own id space. */
export const Id = {
  person: 1, circle: 2, hat: 3, hatAssignment: 4, circleMember: 5, teamJoin: 6, promise: 7, membership: 8,
  membershipChange: 9, proposal: 10, proposalVersion: 11, response: 12, reaction: 13, question: 14, logbook: 15,
  visit: 16, careLog: 17, rate: 18, account: 19, transfer: 20, chat: 21, share: 22, allowance: 23, pool: 24, extraVisit: 25,
} as const;

/**
 * A version-4-shaped UUID that is a pure function of (kind, index): the first word is a
 * bijection of the index, so two rows of one kind never share an id; the rest looks random.
 */
export function uuidOf(kind: number, index: number): string {
  const salt = Math.imul(kind, 0x9e3779b9);
  const w0 = fmix32((index ^ salt) >>> 0);
  const w1 = fmix32((w0 + 0x6a09e667 + kind) >>> 0);
  const w2 = fmix32((w1 ^ 0xbb67ae85 ^ index) >>> 0);
  const w3 = fmix32((w2 + 0x3c6ef372 + salt) >>> 0);
  const a = hex8(w0);
  const b = hex8(((w1 & 0xffff0fff) | 0x00004000) >>> 0);
  const c = hex8(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
  const d = hex8(w3);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}
