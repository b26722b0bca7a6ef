import { NotAllowed, NotFound } from '../../platform/errors.ts';
import { registerKindRules } from '../circles/kind-rules.ts';
import { leaveTeam } from './commands/team.ts';
import { isInTeam, teamFacts } from './policy.ts';

/**
 * A Team's people and hats change only through the team's own flows (DOMAIN.md 4): the generic
 * circle paths (add a member, leave, define or assign a hat) come here, whoever asks, admins
 * included. Someone outside the team is told the circle does not exist, as on its page.
 */
const notFound = () => new NotFound('That circle was not found.');

registerKindRules('team', {
  async addMember(ctx, circle) {
    const f = await teamFacts(ctx.tx, circle.id, ctx.now);
    if (!isInTeam(ctx.actor, f)) throw notFound();
    throw new NotAllowed(
      `Nobody is added to a team directly, an admin included: people join by invitation or by asking to join, then a trial agreed with the owner. Use the team's page: /teams/${circle.id}`,
    );
  },
  // Leaving a team is leaving well: the team's own rules (hats handed over first, a farewell).
  async leave(ctx, circle, input) {
    const f = await teamFacts(ctx.tx, circle.id, ctx.now);
    if (!ctx.actor || !f.memberIds.includes(ctx.actor.personId)) throw new NotFound('You are not a direct member of this circle.');
    await leaveTeam(ctx, { ...input, teamId: circle.id });
  },
  // The team names its own hats (its organise page): the same people may here, nobody else.
  async defineHat(ctx, circle) {
    const f = await teamFacts(ctx.tx, circle.id, ctx.now);
    if (!isInTeam(ctx.actor, f)) throw notFound();
  },
  // A team's hats are chosen by the team (a selection by consent), never handed out by someone.
  async assignHat(ctx, circle) {
    const f = await teamFacts(ctx.tx, circle.id, ctx.now);
    if (!isInTeam(ctx.actor, f)) throw notFound();
    throw new NotAllowed(`A team's hats are chosen by the team, by consent: start a selection from the team's page, /teams/${circle.id}`);
  },
});
