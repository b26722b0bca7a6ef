import { and, eq, isNull } from 'drizzle-orm';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { NotFound } from '../../../platform/errors.ts';
import { isUuid, newId, newSecret, sha256 } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { apiTokens } from '../schema.ts';
import { tokenInput } from '../validation.ts';

export const TOKEN_PREFIX = 'cc_';

/** The token is shown once; only its hash is kept. */
export async function createApiToken(
  ctx: Ctx,
  input: Record<string, unknown>,
): Promise<{ id: string; token: string; label: string }> {
  const actor = requireActor(ctx.actor);
  const { label } = parseInput(tokenInput, input);
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const id = newId();
  await ctx.tx.insert(apiTokens).values({
    id,
    tokenHash: sha256(token),
    personId: actor.personId,
    label,
    createdAt: ctx.now,
  });
  await ctx.emit({ type: 'api-token.created', subjectType: 'api-token', subjectId: id });
  return { id, token, label };
}

export async function revokeApiToken(ctx: Ctx, input: { tokenId: string }): Promise<void> {
  const actor = requireActor(ctx.actor);
  if (!isUuid(input.tokenId)) throw new NotFound('That token was not found.');
  const revoked = await ctx.tx
    .update(apiTokens)
    .set({ revokedAt: ctx.now })
    .where(
      and(eq(apiTokens.id, input.tokenId), eq(apiTokens.personId, actor.personId), isNull(apiTokens.revokedAt)),
    )
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) throw new NotFound('That token was not found.');
  await ctx.emit({ type: 'api-token.revoked', subjectType: 'api-token', subjectId: input.tokenId });
}
