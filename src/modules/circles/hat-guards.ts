import type { Ctx } from '../../platform/context.ts';
import type { hatDefinitions } from './schema.ts';

type Hat = typeof hatDefinitions.$inferSelect;
type HatGuard = (ctx: Ctx, hat: Hat, personId: string) => Promise<void>;
const guards: HatGuard[] = [];

/**
 * Other modules refuse a hat to someone for reasons the circles module does not know (a
 * team refuses care hats to volunteers). A guard throws Invalid to refuse; every path to a
 * hat (direct assignment, selection by consent) goes through assignHat, so through these.
 */
export function registerHatGuard(guard: HatGuard): void {
  guards.push(guard);
}

export async function runHatGuards(ctx: Ctx, hat: Hat, personId: string): Promise<void> {
  for (const guard of guards) await guard(ctx, hat, personId);
}
