// Rose's circle of support: what is around her beyond the team, recorded by Rose and by June
// (her advocate), as a family would draw it on a care map. Church on Sunday and the GP surgery
// match what her Getting Support Profile says.
import type { Actor } from '../platform/authz.ts';
import { run } from '../platform/context.ts';
import { addConnection } from '../modules/teams/care-map/commands.ts';
import type { Deps } from '../platform/context.ts';

const roseConnections = [
  { by: 'rose', name: 'Tuesday lunch club', kind: 'group', care: 'generative', note: 'At the community centre; Priya walks there with Rose.' },
  { by: 'rose', name: 'St Mary\'s Church', kind: 'organisation', care: 'generative', note: 'Sunday mornings matter to Rose.' },
  { by: 'june', name: 'Calder Surgery (GP)', kind: 'service', care: 'engaged', note: 'Diabetes review every six months.' },
  { by: 'june', name: 'District nurses', kind: 'service', care: 'engaged', note: null },
  { by: 'rose', name: 'Margaret next door', kind: 'person', care: 'generative', note: 'Pops in most days with the paper.' },
  { by: 'june', name: 'Library home delivery', kind: 'service', care: 'inactive', note: 'Paused since the spring; Rose would like it back.' },
  { by: 'rose', name: 'Garden club', kind: 'group', care: 'inactive', note: null },
] as const;

/** Called by the teams demo once Rose's Team has its advocate (June records some of these). */
export async function careMapDemo(deps: Deps, p: Record<string, unknown>, teamId: string): Promise<void> {
  const as = (key: string): Actor => ({ personId: p[key] as string, name: key, isAdmin: false, via: 'session' });
  for (const { by, ...connection } of roseConnections) await run(deps, as(by), addConnection, { teamId, ...connection });
}
