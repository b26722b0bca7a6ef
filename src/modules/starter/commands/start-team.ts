import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { Conflict, Invalid, NotAllowed } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseInput } from '../../../platform/validate.ts';
import { circleInput, insertCircle } from '../../circles/commands/create-circle.ts';
import { circleMembers } from '../../circles/schema.ts';
import { people } from '../../people/schema.ts';
import { teams } from '../../teams/schema.ts';
import { starterPeople } from '../policy.ts';
import { starterEnquiries } from '../schema.ts';
import { lockEnquiry } from './enquiries.ts';

const optionalId = z.preprocess((v) => (v === '' ? undefined : v), z.uuid({ error: 'Choose the advocate from the co-op, or leave it empty' }).optional());
export const startTeamInput = z.object({
  name: z.string().trim().max(120, 'Name must be 120 characters or fewer').optional(),
  aim: z.string().trim().max(2000, 'Aim is too long').optional(),
  advocateId: optionalId,
});

/**
 * Stage 5: the Team Starter starts the team of the person getting support. Made exactly as
 * every circle is (insertCircle), as a team under the Local Circle owned by that person; the
 * Local Circle's Team Starter needs no separate decision for it, because starting teams is
 * what the circle gave the hat. The owner and the Team Starter become its first full members.
 */
export async function startTeam(ctx: Ctx, raw: Record<string, unknown> & { enquiryId: string }): Promise<{ teamId: string }> {
  const actor = requireActor(ctx.actor);
  const enquiry = await lockEnquiry(ctx, raw.enquiryId);
  if (!(await starterPeople(ctx.tx, enquiry.circleId, ctx.now)).teamStarters.includes(actor.personId)) {
    throw new NotAllowed("Only a Team Starter of the Local Circle starts a team.");
  }
  if (enquiry.teamId) throw new Conflict('This team has already started.');
  if (enquiry.state !== 'profiles') throw new Conflict('A team is started at stage 5, profiles and promises.');
  if (!enquiry.personId) throw new Conflict('Link the person getting support first: they will own the team.');
  const v = parseInput(startTeamInput, raw);
  const [owner] = await ctx.tx.select({ name: people.name, preferredName: people.preferredName }).from(people).where(eq(people.id, enquiry.personId));
  const first = owner?.preferredName || owner?.name.split(' ')[0] || 'The owner';
  if (v.advocateId) {
    const [advocate] = await ctx.tx.select({ id: people.id }).from(people).where(eq(people.id, v.advocateId));
    if (!advocate || advocate.id === enquiry.personId) throw new Invalid({ advocateId: 'Choose someone else in the co-op as the advocate, or leave it empty' });
  }
  const circle = parseInput(circleInput, {
    name: v.name || `${first}'s Team`,
    kind: 'team',
    aim: v.aim || `${first} lives well, their way.`,
    domain: `${first}'s support: who is in the team, the rota, visits and notes.`,
    parentId: enquiry.circleId,
    ownerId: enquiry.personId,
  });
  const { circleId: teamId } = await insertCircle(ctx, circle);
  await ctx.tx.insert(teams).values({ circleId: teamId, advocateId: v.advocateId ?? null, updatedAt: ctx.now });
  // The same rows and events as addMember; its policy (a full participant adds) cannot apply to a circle with nobody in it yet.
  for (const personId of new Set([enquiry.personId, actor.personId])) {
    await ctx.tx.insert(circleMembers).values({ id: newId(), circleId: teamId, personId, participation: 'full', joinedAt: ctx.now });
    await ctx.emit({ type: 'circle.member-joined', subjectType: 'circle', subjectId: teamId, data: { personId, participation: 'full' } });
  }
  await ctx.tx.update(starterEnquiries).set({ teamId, updatedAt: ctx.now }).where(eq(starterEnquiries.id, enquiry.id));
  await ctx.emit({ type: 'starter.team-started', subjectType: 'starter-enquiry', subjectId: enquiry.id, data: { teamId, ownerId: enquiry.personId } });
  return { teamId };
}
