import { NotAllowed, NotSignedIn } from './errors.ts';

/** Who is asking. Hats are added by later modules; the platform knows only these basics. */
export interface Actor {
  personId: string;
  name: string;
  isAdmin: boolean;
  via: 'session' | 'token' | 'system';
  sessionId?: string;
}

/** The coarse gate a route needs before its command runs its own policy check. */
export type Audience = 'public' | 'signed-out' | 'signed-in' | 'admin';

export interface ActionDefinition {
  audience: Audience;
  description: string;
}

const registry = new Map<string, ActionDefinition>();

/** Every route names one of these; the authorisation-matrix test reads them all. */
export function defineAction(name: string, definition: ActionDefinition): string {
  const existing = registry.get(name);
  if (existing && existing.audience !== definition.audience) {
    throw new Error(`Action ${name} is defined twice with different audiences`);
  }
  registry.set(name, definition);
  return name;
}

export function getAction(name: string): ActionDefinition {
  const action = registry.get(name);
  if (!action) throw new Error(`Route names unknown action "${name}"`);
  return action;
}

export function allActions(): ReadonlyMap<string, ActionDefinition> {
  return registry;
}

/** Throws unless the actor passes the action's audience gate. */
export function checkAudience(name: string, actor: Actor | null): void {
  const { audience } = getAction(name);
  if (audience === 'public' || audience === 'signed-out') return;
  if (!actor) throw new NotSignedIn();
  if (audience === 'admin' && !actor.isAdmin) throw new NotAllowed();
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new NotSignedIn();
  return actor;
}
