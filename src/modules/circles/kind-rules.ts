import type { Ctx } from '../../platform/context.ts';
import { NotAllowed } from '../../platform/errors.ts';
import type { circles } from './schema.ts';

type Circle = Pick<typeof circles.$inferSelect, 'id' | 'kind' | 'name' | 'ownerId' | 'parentId'>;

/**
 * A circle of a special kind (a Team) has its own flows for who joins, who leaves and who wears
 * its hats: invitation or request, trial and debrief, leaving well, removal by the owner's side.
 * The circles module's generic paths (add a member, leave, define or assign a hat) ask these
 * rules first, whoever is asking, so no route goes round them. Each rule throws to refuse;
 * `leave` does the leaving itself, the kind's own way.
 */
export interface KindRules {
  addMember(ctx: Ctx, circle: Circle, personId: string): Promise<void>;
  leave(ctx: Ctx, circle: Circle, input: Record<string, unknown>): Promise<void>;
  defineHat(ctx: Ctx, circle: Circle): Promise<void>;
  assignHat(ctx: Ctx, circle: Circle, personId: string): Promise<void>;
}

const registry = new Map<string, KindRules>();

export function registerKindRules(kind: string, rules: KindRules): void {
  registry.set(kind, rules);
}

/**
 * The rules for a circle's kind; none for an ordinary circle. A special kind whose module has
 * not registered its rules is refused outright (closed, never open), so a missing import can
 * never let the generic paths through.
 */
export function kindRules(kind: string): KindRules | undefined {
  if (kind === 'circle') return undefined;
  return registry.get(kind) ?? refuseAll;
}

const refused = async () => {
  throw new NotAllowed('This circle changes its people and hats only through its own pages.');
};
const refuseAll: KindRules = { addMember: refused, leave: refused, defineHat: refused, assignHat: refused };
