import type { Clock } from '../platform/clock.ts';
import { run } from '../platform/context.ts';
import type { Database } from '../platform/db.ts';
import { createPerson } from '../modules/people/commands/create-person.ts';

export interface DemoLogin {
  email: string;
  name: string;
  wears: string;
}

// The demo co-op: people whose hats show each part of the platform. Later modules add their
// circles, teams, visits and credits through extendDemo.
export const demoPeople: (DemoLogin & { admin?: boolean; pronouns?: string })[] = [
  { email: 'admin@demo.carecircles.org', name: 'Ada Okafor', wears: 'co-op admin, Secretary', admin: true, pronouns: 'she/her' },
  { email: 'rose@demo.carecircles.org', name: 'Rose Pennington', wears: 'Team Owner (gets support)', pronouns: 'she/her' },
  { email: 'sam@demo.carecircles.org', name: 'Sam Hughes', wears: 'paid supporter, Rota Holder', pronouns: 'he/him' },
  { email: 'priya@demo.carecircles.org', name: 'Priya Shah', wears: 'volunteer, Team Member', pronouns: 'she/her' },
  { email: 'tom@demo.carecircles.org', name: 'Tom Barker', wears: 'Team Starter, Local Circle Leader', pronouns: 'they/them' },
  { email: 'june@demo.carecircles.org', name: 'June Ellis', wears: "Rose's daughter, advocate", pronouns: 'she/her' },
  { email: 'irene@demo.carecircles.org', name: 'Irene Walsh', wears: 'investor member', pronouns: 'she/her' },
];

type Extension = (deps: { database: Database; clock: Clock }, people: Record<string, string>, password: string) => Promise<void>;
const extensions: Extension[] = [];

export function extendDemo(extension: Extension): void {
  extensions.push(extension);
}

/** Load the demo co-op into an empty database. Returns who can sign in. */
export async function seedDemo(
  deps: { database: Database; clock: Clock },
  password: string,
): Promise<DemoLogin[]> {
  const ids: Record<string, string> = {};
  for (const p of demoPeople) {
    const { personId } = await run(deps, null, createPerson, {
      email: p.email,
      name: p.name,
      password,
      isAdmin: p.admin ?? false,
      ...(p.pronouns ? { pronouns: p.pronouns } : {}),
    });
    ids[p.email.split('@')[0] as string] = personId;
  }
  for (const extension of extensions) await extension(deps, ids, password);
  return demoPeople.map(({ email, name, wears }) => ({ email, name, wears }));
}
