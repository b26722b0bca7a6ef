import { requireActor } from '../../../platform/authz.ts';
import type { Ctx } from '../../../platform/context.ts';
import { parseInput } from '../../../platform/validate.ts';
import { givingProfiles } from '../schema.ts';
import { profileInput } from '../validation.ts';

/** Create or replace the actor's own Giving Support Profile. Nobody edits someone else's. */
export async function saveGivingProfile(ctx: Ctx, raw: Record<string, unknown>): Promise<{ personId: string }> {
  const actor = requireActor(ctx.actor);
  const v = parseInput(profileInput, raw);
  const row = {
    aboutMe: v.aboutMe,
    postcode: v.postcode.postcode,
    district: v.postcode.district,
    lat: v.postcode.lat,
    lng: v.postcode.lng,
    travelMiles: v.travelMiles,
    driver: v.driver,
    givesAs: v.givesAs,
    supportOffered: v.supportOffered,
    hourlyRatePence: v.givesAs === 'paid' ? v.hourlyRate : null,
    experience: v.experience,
    expertise: v.expertise,
    qualifications: v.qualifications,
    languages: v.languages,
    availability: v.availability,
    openToNewTeams: v.openToNewTeams,
    updatedAt: ctx.now,
  };
  await ctx.tx
    .insert(givingProfiles)
    .values({ personId: actor.personId, ...row })
    .onConflictDoUpdate({ target: givingProfiles.personId, set: row });
  // The event says what kind of change it was, never the profile's content.
  await ctx.emit({ type: 'giving-profile.saved', subjectType: 'person', subjectId: actor.personId, data: { district: row.district, openToNewTeams: row.openToNewTeams } });
  return { personId: actor.personId };
}
