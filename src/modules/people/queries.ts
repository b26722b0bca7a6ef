import { and, desc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.ts';
import { MINUTE } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { sha256 } from '../../platform/ids.ts';
import { apiTokens, invitations, passwordResets, people, sessions } from './schema.ts';

/** Resolve the cookie's token to a live session; refresh last-seen at most every five minutes. */
export async function actorFromSession(db: Db, token: string, now: Date): Promise<Actor | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      personId: people.id,
      name: people.name,
      preferredName: people.preferredName,
      isAdmin: people.isAdmin,
    })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(and(eq(sessions.tokenHash, sha256(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > 5 * MINUTE) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  }
  return {
    personId: row.personId,
    name: row.preferredName ?? row.name,
    isAdmin: row.isAdmin,
    via: 'session',
    sessionId: row.sessionId,
  };
}

export async function actorFromApiToken(db: Db, token: string, now: Date): Promise<Actor | null> {
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      personId: people.id,
      name: people.name,
      preferredName: people.preferredName,
      isAdmin: people.isAdmin,
    })
    .from(apiTokens)
    .innerJoin(people, eq(people.id, apiTokens.personId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 5 * MINUTE) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  }
  return { personId: row.personId, name: row.preferredName ?? row.name, isAdmin: row.isAdmin, via: 'token' };
}

export async function getProfile(db: Db, personId: string) {
  const [person] = await db.select().from(people).where(eq(people.id, personId));
  if (!person) return null;
  const { passwordHash, ...profile } = person;
  return profile;
}
export type Profile = NonNullable<Awaited<ReturnType<typeof getProfile>>>;

export async function listSessions(db: Db, personId: string, now: Date) {
  return db
    .select({
      id: sessions.id,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(and(eq(sessions.personId, personId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(100);
}

export async function listApiTokens(db: Db, personId: string) {
  return db
    .select({
      id: apiTokens.id,
      label: apiTokens.label,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt))
    .limit(100);
}

export async function findInvitation(db: Db, token: string, now: Date) {
  const [row] = await db
    .select({ id: invitations.id, name: invitations.name, email: invitations.email })
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, sha256(token)),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    );
  return row ?? null;
}

/** Invitations this person sent, newest first, a page at a time (keyset on created_at). */
export async function listSentInvitations(db: Db, personId: string, before?: Date) {
  return db
    .select({
      id: invitations.id,
      name: invitations.name,
      email: invitations.email,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      usedAt: invitations.usedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .where(and(eq(invitations.invitedBy, personId), before ? lt(invitations.createdAt, before) : undefined))
    .orderBy(desc(invitations.createdAt))
    .limit(50);
}

export async function findPasswordReset(db: Db, token: string, now: Date) {
  const [row] = await db
    .select({ id: passwordResets.id })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, sha256(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)));
  return row ?? null;
}
