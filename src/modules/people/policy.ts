import type { Actor } from '../../platform/authz.ts';

// Who may invite new people. Later modules widen this (e.g. Recruiter and Team Starter hats);
// for now the co-op's admins hold the door.
export const canInvite = (actor: Actor): boolean => actor.isAdmin;

export const canReadOutbox = (actor: Actor): boolean => actor.isAdmin;

/** A person manages only their own devices, tokens and profile. */
export const isSelf = (actor: Actor, personId: string): boolean => actor.personId === personId;
