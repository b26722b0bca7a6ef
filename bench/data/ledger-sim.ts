// The credit ledger's story, played forward in time: volunteers earn for their confirmed care
// logs (and other volunteering), give to each other, donate to their Local Circle's pool; the
// pools welcome owners; owners pay volunteers for extras; now and then a gift is reversed.
// Balances are tracked as it goes, so no account that must not go below zero ever does, at any
// point of its chain; every transfer gets a distinct time, so "in time order" means one order.
import { ISSUANCE_ACCOUNT_ID, type TransferRequest, requestHash, scopedKey } from '../../src/modules/credits/ledger.ts';
import { activities } from '../../src/modules/credits/validation.ts';
import type { Earnings } from './care.ts';
import { type Coop, SEED, personId } from './plan.ts';
import { Id, Random, uuidOf } from './random.ts';

export interface SimTransfer extends Omit<TransferRequest, 'key'> {
  id: string;
  key: string;
  hash: string;
  at: number;
  createdBy: string | null;
}

/** Account slots: 0 the issuance account, 1..P the people (by N), then one pool per Local Circle. */
export interface Accounts {
  ids: string[];
  balance: Float64Array;
  version: Int32Array;
}

const gifts = ['Thank you for Tuesday.', 'For a cuppa and a chat, any time.', 'Thanks for covering at short notice.', null, null];

export const poolId = (local: number) => uuidOf(Id.pool, local + 1);

export function newAccounts(coop: Coop): Accounts {
  const ids = [ISSUANCE_ACCOUNT_ID, ...coop.people.map((p) => uuidOf(Id.account, p.n)), ...coop.locals.map((_, k) => poolId(k))];
  return { ids, balance: new Float64Array(ids.length), version: new Int32Array(ids.length) };
}

/** Every transfer in time order; the accounts' balances and versions follow along. */
export function* playLedger(coop: Coop, earnings: Earnings, poolDecision: string[], accounts: Accounts): Generator<SimTransfer> {
  const random = new Random(SEED, 6);
  const people = coop.people.length;
  const { ids, balance, version } = accounts;
  const out: SimTransfer[] = [];
  const poolSlot = (local: number) => people + 1 + local;
  // People holding credits, for picking a sender in O(1).
  const holders: number[] = [];
  const at = new Int32Array(ids.length).fill(-1);
  const settle = (slot: number) => {
    const holding = slot >= 1 && slot <= people && (balance[slot] as number) > 0;
    if (holding && at[slot] === -1) {
      at[slot] = holders.length;
      holders.push(slot);
    } else if (!holding && at[slot] !== -1 && slot <= people) {
      const last = holders.pop() as number;
      if (last !== slot) {
        holders[at[slot] as number] = last;
        at[last] = at[slot] as number;
      }
      at[slot] = -1;
    }
  };
  const teamsOf = new Map<number, number[]>();
  for (const t of coop.teams) for (const m of coop.circles[t.circle]?.members ?? []) teamsOf.set(m.person, [...(teamsOf.get(m.person) ?? []), t.circle]);
  const ownersBy = coop.locals.map(() => [] as number[]);
  for (const t of coop.teams) ownersBy[coop.circles[t.circle]?.local ?? 0]?.push(t.owner);
  const volunteers = coop.people.filter((p) => p.role === 'volunteer').map((p) => p.n);
  const reversible: { t: SimTransfer; from: number; to: number }[] = [];

  let n = 0;
  let last = 0;
  const post = (from: number, to: number, r: Omit<TransferRequest, 'from' | 'to' | 'key'>, key: (id: string) => string, createdBy: string | null, when: number) => {
    const amount = r.amount;
    // Written out field by field: V8 builds `{ ...r, more }` far more slowly than a plain literal.
    const request: TransferRequest = {
      kind: r.kind, from: ids[from] as string, to: ids[to] as string, amount: r.amount, message: r.message ?? null, activity: r.activity ?? null,
      referenceType: r.referenceType ?? null, referenceId: r.referenceId ?? null, reversesTransferId: r.reversesTransferId ?? null, key: '',
    };
    const id = uuidOf(Id.transfer, ++n);
    last = Math.max(when, last + 1);
    const hash = requestHash(request);
    request.key = key(id);
    const t = request as SimTransfer;
    t.id = id;
    t.hash = hash;
    t.at = last;
    t.createdBy = createdBy;
    balance[from] = (balance[from] as number) - amount;
    balance[to] = (balance[to] as number) + amount;
    version[from] = (version[from] as number) + 1;
    version[to] = (version[to] as number) + 1;
    settle(from);
    settle(to);
    out.push(t);
    return t;
  };
  const activityEarn = (when: number) => {
    const person = random.pick(volunteers.length > 0 ? volunteers : [1]);
    const ref = `bench-activity-${n + 1}`;
    post(0, person, { kind: 'earn', amount: random.int(2, 8) * 30, referenceType: 'activity', referenceId: ref }, () => `earn:activity:${ref}`, personId(1), when);
  };

  // The other transfers' times: the co-op grows, so more happen lately.
  const others = Math.max(0, coop.sizes.transfers - earnings.at.length);
  const times = new Float64Array(others);
  for (let i = 0; i < others; i++) times[i] = coop.start + 30 * 86_400_000 + (coop.now - coop.start - 31 * 86_400_000) * Math.sqrt(random.next());
  times.sort();
  const order = earnings.at.map((_, i) => i).sort((a, b) => (earnings.at[a] as number) - (earnings.at[b] as number) || (earnings.log[a] as number) - (earnings.log[b] as number));
  let e = 0;
  let o = 0;
  while (e < order.length || o < others) {
    yield* out.splice(0);
    const nextEarn = e < order.length ? (earnings.at[order[e] as number] as number) : Infinity;
    if (nextEarn <= (o < others ? (times[o] as number) : Infinity)) {
      const i = order[e++] as number;
      const logId = uuidOf(Id.careLog, earnings.log[i] as number);
      post(0, earnings.person[i] as number, { kind: 'earn', amount: earnings.minutes[i] as number, referenceType: 'care_log', referenceId: logId }, () => `earn:care_log:${logId}`, earnings.by[i] ?? null, nextEarn);
      continue;
    }
    const when = times[o++] as number;
    const r = random.next();
    if (holders.length === 0 || r < 0.02) {
      activityEarn(when);
      continue;
    }
    if (r < 0.1) {
      const local = random.int(0, coop.locals.length - 1);
      const pool = poolSlot(local);
      const owners = ownersBy[local] as number[];
      if ((balance[pool] as number) >= 30 && owners.length > 0) {
        const runner = personId(coop.starters[local]?.[0] ?? 1);
        const amount = Math.min(balance[pool] as number, random.int(1, 20) * 30);
        post(pool, random.pick(owners), { kind: 'redistribute', amount, message: 'Welcome to the co-op!', referenceType: 'logbook_entry', referenceId: poolDecision[local] as string }, () => scopedKey(runner, `bench-${n + 1}`), runner, when);
        continue;
      }
    }
    if (r < 0.105 && reversible.length > 0) {
      // The person who received a gift sends it back: a new linked transfer, never an edit.
      const { t: original, from, to } = reversible.splice(random.int(0, reversible.length - 1), 1)[0] as (typeof reversible)[number];
      if ((balance[to] as number) >= original.amount) {
        post(to, from, { kind: 'reverse', amount: original.amount, message: 'Sent to the wrong person, sorry.', reversesTransferId: original.id }, () => `reverse:${original.id}`, personId(to), when);
        continue;
      }
    }
    const sender = holders[random.int(0, holders.length - 1)] as number;
    const sending = personId(sender);
    const amount = Math.min(balance[sender] as number, random.pick([15, 30, 30, 60, 60, 90, 120, 180]));
    const key = () => scopedKey(sending, `bench-${n + 1}`);
    const isOwner = coop.people[sender - 1]?.role === 'owner';
    const mates = (teamsOf.get(sender) ?? []).flatMap((c) => (coop.circles[c]?.members ?? []).map((m) => m.person)).filter((p) => p !== sender);
    const x = random.next();
    if (isOwner && x < 0.5 && mates.length > 0) {
      post(sender, random.pick(mates), { kind: 'spend', amount, activity: random.pick(activities.slice(0, 6)).value, message: null }, key, sending, when);
    } else if (x < 0.3) {
      post(sender, poolSlot(coop.people[sender - 1]?.local ?? 0), { kind: 'donate', amount, message: 'For whoever needs them.' }, key, sending, when);
    } else {
      let to = mates.length > 0 && random.chance(0.8) ? random.pick(mates) : random.int(1, people);
      if (to === sender) to = (sender % people) + 1;
      const gift = post(sender, to, { kind: 'gift', amount, message: random.pick(gifts) }, key, sending, when);
      if (reversible.length < 1000) reversible.push({ t: gift, from: sender, to });
    }
  }
  yield* out.splice(0);
}
