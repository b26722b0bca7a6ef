// Factories shared by the starter tests and the browser journey (not a test file itself).
import type { Actor } from '../../platform/authz.ts';
import type { Clock } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import type { Database } from '../../platform/db.ts';
import { addMember } from '../circles/commands/add-member.ts';
import { assignHat } from '../circles/commands/assign-hat.ts';
import { createCircle } from '../circles/commands/create-circle.ts';
import { defineHat } from '../circles/commands/define-hat.ts';
import { createPerson } from '../people/commands/create-person.ts';
import { createEnquiry } from './commands/enquiries.ts';
import type { HatRole } from '../circles/roles.ts';

type Deps = { database: Database; clock: Clock };
export const system: Actor = { personId: '00000000-0000-0000-0000-000000000000', name: 'System', isAdmin: true, via: 'system' };
export const actorOf = (p: { personId: string; name: string }, isAdmin = false): Actor => ({ personId: p.personId, name: p.name, isAdmin, via: 'session' });

let counter = 0;
async function person(deps: Deps, name: string, password: string, isAdmin = false) {
  counter += 1;
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const { personId } = await run(deps, null, createPerson, { email, name, password, isAdmin });
  return { personId, email, name };
}

/** A hat with this name and role in the circle, worn by the person; `by` (an admin) is recorded as its logbook author. */
export async function wearHat(deps: Deps, circleId: string, name: string, role: HatRole, personId: string, by: Actor): Promise<void> {
  const { hatId } = await run(deps, by, defineHat, { circleId, name, role, purpose: `${name} of the circle.`, responsibilities: 'Start and support teams', termMonths: 12, reviewMonths: 6 });
  await run(deps, by, assignHat, { hatId, personId });
}

/**
 * A Local Circle with a Team Starter, a Coach, a plain full member, an admin who is a member
 * too, and someone who will get support (not a member).
 */
export async function localCircle(deps: Deps, password: string) {
  const { circleId } = await run(deps, system, createCircle, { name: `Local ${++counter}`, aim: 'People here find support.', domain: 'Teams here.', parentId: null });
  const starter = await person(deps, 'Tess Starter', password);
  const coach = await person(deps, 'Cole Coach', password);
  const member = await person(deps, 'Mo Member', password);
  const admin = await person(deps, 'Ada Admin', password, true);
  const supported = await person(deps, 'Rita Supported', password);
  for (const p of [starter, coach, member, admin]) await run(deps, system, addMember, { circleId, personId: p.personId, participation: 'full' });
  await wearHat(deps, circleId, 'Team Starter', 'team-starter', starter.personId, actorOf(admin, true));
  await wearHat(deps, circleId, 'coach', 'coach', coach.personId, actorOf(admin, true));
  return { circleId, starter, coach, member, admin, supported };
}

export const firstContact = {
  forName: 'Rita Supported',
  askerName: 'Dan',
  askerRelationship: 'son',
  helpWanted: 'Help getting up and dressed.',
  needsAndTimings: 'Weekday mornings, 8 to 9.',
  postcode: 'hx1 2ab',
  funding: 'personal-budget',
  heardFrom: 'GP surgery',
};

export const beginning = (personalCareOrMedicines: 'yes' | 'no') => ({
  routines: 'Up at 7:30, radio on, porridge.',
  supportWanted: 'Dressing, breakfast.',
  personalCareOrMedicines,
});

export async function enquiry(deps: Deps, circleId: string, by: Actor, extra: Record<string, unknown> = {}) {
  return (await run(deps, by, createEnquiry, { ...firstContact, ...extra, circleId })).enquiryId;
}
