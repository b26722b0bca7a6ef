import type { Ctx } from '../../platform/context.ts';
import type { proposals } from './schema.ts';

type Proposal = typeof proposals.$inferSelect;
type AdoptionHook = (ctx: Ctx, proposal: Proposal, logbookEntryId: string) => Promise<void>;
const hooks: AdoptionHook[] = [];

/**
 * Other modules act on an adoption inside the same transaction (e.g. the Members' Circle
 * consenting to an application admits the member), without the decisions module knowing them.
 */
export function registerAdoptionHook(hook: AdoptionHook): void {
  hooks.push(hook);
}

export async function runAdoptionHooks(ctx: Ctx, proposal: Proposal, logbookEntryId: string): Promise<void> {
  for (const hook of hooks) await hook(ctx, proposal, logbookEntryId);
}

type ResolutionNeededHook = (ctx: Ctx, proposal: Proposal, title: string, text: string) => Promise<void>;
const resolutionHooks: ResolutionNeededHook[] = [];

/** The membership module puts a long-term decision on the next general meeting's agenda. */
export function registerResolutionNeededHook(hook: ResolutionNeededHook): void {
  resolutionHooks.push(hook);
}

export async function runResolutionNeededHooks(ctx: Ctx, proposal: Proposal, title: string, text: string): Promise<void> {
  for (const hook of resolutionHooks) await hook(ctx, proposal, title, text);
}
