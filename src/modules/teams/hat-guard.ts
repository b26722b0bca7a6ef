import { and, desc, eq } from 'drizzle-orm';
import { Invalid } from '../../platform/errors.ts';
import { registerHatGuard } from '../circles/hat-guards.ts';
import { circles } from '../circles/schema.ts';
import { isInTeam, teamFacts } from './policy.ts';
import { teamJoins } from './schema.ts';
import { isCareHat } from './team-hats.ts';

/**
 * In a team, a hat goes only to someone in the team (a hat is never a way in), and a volunteer
 * (by how they joined) is never given a personal-care or medication hat.
 */
registerHatGuard(async (ctx, hat, personId) => {
  const [circle] = await ctx.tx.select({ kind: circles.kind }).from(circles).where(eq(circles.id, hat.circleId));
  if (circle?.kind !== 'team') return;
  const f = await teamFacts(ctx.tx, hat.circleId, ctx.now);
  if (!isInTeam({ personId, name: '', isAdmin: false, via: 'session' }, f)) {
    throw new Invalid({ personId: 'Choose someone in the team: a hat is never a way into a team' });
  }
  if (!isCareHat(hat)) return;
  const [join] = await ctx.tx
    .select({ kind: teamJoins.supporterKind })
    .from(teamJoins)
    .where(and(eq(teamJoins.teamId, hat.circleId), eq(teamJoins.personId, personId), eq(teamJoins.state, 'joined')))
    .orderBy(desc(teamJoins.updatedAt))
    .limit(1);
  if (join?.kind === 'volunteer') {
    throw new Invalid({ personId: 'Volunteers do not give personal care or handle medication, so they cannot wear this hat' });
  }
});
