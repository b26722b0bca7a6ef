// People (every one can sign in) and their co-op memberships with the register's history.
import { DAY } from '../../src/platform/clock.ts';
import type { LoadContext } from './context.ts';
import { Loader, iso } from './bulk.ts';
import { type Person, SEED, emailOf } from './plan.ts';
import { Id, Random, uuidOf } from './random.ts';

const peopleSpec = {
  table: 'people',
  columns: ['id', 'email', 'name', 'password_hash', 'is_admin', 'created_at'],
} as const;
const membershipSpec = {
  table: 'memberships',
  columns: [
    'id', 'person_id', 'member_class', 'state', 'acting_for', 'worker_kind',
    'commitment_accepted_at', 'eligibility_checked_at', 'applied_at',
    'admitted_at', 'updated_at',
  ],
} as const;
const changeSpec = {
  table: 'membership_changes',
  columns: ['id', 'membership_id', 'from_state', 'to_state', 'reason', 'by_person_id', 'at'],
} as const;
const shareSpec = {
  table: 'share_movements',
  columns: ['id', 'person_id', 'kind', 'amount_pence', 'by_person_id', 'at'],
} as const;

type Plan = { memberClass: 'supported' | 'advocate' | 'worker' | 'investor'; workerKind: 'paid' | 'volunteer' | null; probation: boolean };

function membershipOf(p: Person, random: Random): Plan {
  if (p.role === 'owner') return { memberClass: 'supported', workerKind: null, probation: false };
  if (p.role === 'family') return { memberClass: 'advocate', workerKind: null, probation: false };
  if (p.role === 'paid' || p.n === 1) return { memberClass: 'worker', workerKind: 'paid', probation: false };
  if (p.role === 'member' && p.n > 5 && random.chance(0.3)) return { memberClass: 'investor', workerKind: null, probation: false };
  return { memberClass: 'worker', workerKind: 'volunteer', probation: p.n > 5 && random.chance(0.08) };
}

/** Everyone with the one password hash; memberships admitted by the Members' Circle, a few workers still on probation. */
export async function loadPeople(ctx: LoadContext): Promise<void> {
  const { client, coop, passwordHash } = ctx;
  const random = new Random(SEED, 3);
  const people = new Loader(client, peopleSpec);
  const memberships = new Loader(client, membershipSpec).after(people);
  const changes = new Loader(client, changeSpec).after(memberships);
  const shares = new Loader(client, shareSpec).after(people);
  let change = 0;
  const admin = coop.people[0] as Person;
  for (const p of coop.people) {
    if (people.add(p.id, emailOf(p.n), p.name, passwordHash, p.n === 1, iso(p.createdAt))) await people.room();
    const m = membershipOf(p, random);
    const id = uuidOf(Id.membership, p.n);
    const applied = p.createdAt;
    const admitted = Math.min(coop.now - DAY, applied + random.int(7, 30) * DAY);
    const worker = m.memberClass === 'worker';
    const state = m.probation ? 'probation' : 'admitted';
    const last = m.probation ? applied + DAY : admitted;
    const sent = memberships.add(
      id, p.id, m.memberClass, state, m.memberClass === 'advocate' ? 'A family member who cannot be a member themselves' : null, m.workerKind,
      worker ? iso(applied) : null, worker && !m.probation ? iso(admitted) : null, iso(applied), m.probation ? null : iso(admitted), iso(last),
    );
    const step = (from: string | null, to: string, reason: string | null, by: string, at: number) =>
      changes.add(uuidOf(Id.membershipChange, ++change), id, from, to, reason, by, iso(at)) && changes.room();
    if (sent) await memberships.room();
    await step(null, 'applied', null, p.id, applied);
    if (worker) await step('applied', 'probation', 'Probation begins', admin.id, applied + DAY);
    if (!m.probation) await step(worker ? 'probation' : 'applied', 'admitted', "Admitted by consent of the Members' Circle", admin.id, admitted);
    if (m.memberClass === 'investor' && shares.add(uuidOf(Id.share, p.n), p.id, 'buy', random.int(1, 40) * 2500, admin.id, iso(admitted))) await shares.room();
    ctx.progress(p.n, coop.people.length);
  }
  for (const loader of [people, memberships, changes, shares]) await loader.finish();
  ctx.count('people', people.written);
  ctx.count('memberships', memberships.written);
  ctx.count('membership_changes', changes.written);
  ctx.count('share_movements', shares.written);
}
