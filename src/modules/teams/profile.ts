import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/authz.ts';
import { recordAccess } from '../../platform/access-log.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { unseal } from '../../platform/encryption/envelope.ts';
import { sealSections } from '../../platform/encryption/existing.ts';
import { Invalid, NotAllowed, NotFound } from '../../platform/errors.ts';
import { type TeamFacts, isInTeam, isOwnerSide, teamFacts } from './policy.ts';
import { type ProfileSection, supportProfiles, visibilities } from './schema.ts';

/** The Getting Support Profile's sections, in the order DOMAIN.md 4.2 gives them. */
export const profileSections = [
  { key: 'about', title: 'About me' },
  { key: 'routines', title: 'My routines' },
  { key: 'good-support', title: 'What good support looks like' },
  { key: 'visits', title: 'How to begin and end a visit' },
  { key: 'communication', title: 'Communication' },
  { key: 'health', title: 'Health and medication support' },
  { key: 'triggers', title: 'Triggers' },
  { key: 'needs', title: 'Cultural, emotional and sensory needs' },
  { key: 'safe', title: 'What helps me feel safe' },
  { key: 'essentials', title: 'Essentials: advance decisions, where the MAR chart is, power of attorney, key contacts' },
] as const;
export type SectionKey = (typeof profileSections)[number]['key'];

const sectionInput = z.object({
  text: z.string().trim().max(8000, 'A section must be 8000 characters or fewer'),
  visibility: z.enum(visibilities, { error: 'Choose who sees this section' }),
  chosen: z.union([z.array(z.uuid()), z.uuid(), z.literal('')]).optional().transform((c) => (!c ? [] : Array.isArray(c) ? c : [c])),
});

/**
 * The owner's side writes the profile, section by section, choosing who sees each: the whole
 * team, chosen people, or only the owner (and their advocate, who acts for them).
 */
/** Who writes the profile (its form page asks the same): the owner's side; outside the team it does not exist. */
export function assertMayWriteProfile(actor: Actor | null, f: TeamFacts): void {
  if (!isInTeam(actor, f)) throw new NotFound('That team was not found.');
  if (!isOwnerSide(actor, f)) throw new NotAllowed('Only the owner or their advocate writes the Getting Support Profile.');
}

/**
 * The body a save takes: `<section>.text`, `<section>.visibility` and `<section>.chosen` for each
 * section changed (the form sends them all), or the same as `sections: { <section>: {...} }`.
 */
const sectionFields = {
  text: z.string().max(8000).optional(),
  visibility: z.enum(visibilities).optional(),
  chosen: z.union([z.array(z.uuid()), z.uuid()]).optional(),
};
export const profileBody = z.object({
  ...Object.fromEntries(profileSections.flatMap(({ key }) => Object.entries(sectionFields).map(([field, schema]) => [`${key}.${field}`, schema]))),
  sections: z.partialRecord(z.enum(profileSections.map((p) => p.key) as [SectionKey, ...SectionKey[]]), z.object(sectionFields)).optional(),
});

/** The section fields named in a body, flat (`about.text`), whichever of the two shapes it came in. */
function namedFields(raw: Record<string, unknown>): Record<string, unknown> {
  const flat: Record<string, unknown> = { ...raw };
  const nested = raw.sections;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [key, section] of Object.entries(nested as Record<string, unknown>)) {
      if (!section || typeof section !== 'object') continue;
      for (const [field, value] of Object.entries(section as Record<string, unknown>)) flat[`${key}.${field}`] = value;
    }
  }
  return flat;
}

/**
 * Save the sections named, and only those: a section not in the body keeps its words and its
 * readers (an API client may send one). Within a named section, what is not sent stays; choosing
 * "chosen people" takes the people sent with it (none sent is none chosen).
 */
export async function saveProfile(ctx: Ctx, raw: Record<string, unknown> & { teamId: string }): Promise<void> {
  const f = await teamFacts(ctx.tx, raw.teamId, ctx.now);
  assertMayWriteProfile(ctx.actor, f);
  const body = namedFields(raw);
  const [row] = await ctx.tx.select().from(supportProfiles).where(eq(supportProfiles.teamId, f.team.id)).for('update');
  const sections: Record<string, ProfileSection> = await openSections(ctx.tx, row?.sections ?? {});
  const errors: Record<string, string> = {};
  const readers = new Set([...f.memberIds, ...(f.advocateId ? [f.advocateId] : [])]);
  const named = profileSections.filter(({ key }) => [`${key}.text`, `${key}.visibility`, `${key}.chosen`].some((k) => k in body));
  if (named.length === 0) throw new Invalid({ _form: 'Send at least one section: its text, who sees it, or both' });
  for (const { key } of named) {
    const before = sections[key] ?? { text: '', visibility: 'me' as const, chosen: [] };
    const visibility = body[`${key}.visibility`] ?? before.visibility;
    const chosen = `${key}.visibility` in body || `${key}.chosen` in body ? body[`${key}.chosen`] : before.chosen;
    const result = sectionInput.safeParse({ text: body[`${key}.text`] ?? before.text, visibility, chosen });
    if (!result.success) {
      for (const issue of result.error.issues) errors[`${key}.${String(issue.path[0])}`] = issue.message;
      continue;
    }
    if (result.data.chosen.some((id) => !readers.has(id))) errors[`${key}.chosen`] = 'Choose only people who are in the team';
    if (result.data.visibility === 'chosen' && result.data.chosen.length === 0) errors[`${key}.chosen`] = 'Choose at least one person, or pick another option';
    sections[key] = { ...result.data, chosen: result.data.visibility === 'chosen' ? result.data.chosen : [] };
  }
  if (Object.keys(errors).length) throw new Invalid(errors);
  const by = (ctx.actor as Actor).personId;
  // Every section's words are sealed under the team's key (ADR 0024); who sees each stays clear, for the policy.
  // A section not named keeps what it stored, ciphertext and all.
  const changed = await sealSections(ctx.tx, f.team.id, Object.fromEntries(named.map(({ key }) => [key, sections[key] as ProfileSection])));
  const stored = { ...(row?.sections ?? {}), ...changed };
  await ctx.tx
    .insert(supportProfiles)
    .values({ teamId: f.team.id, sections: stored, updatedBy: by, updatedAt: ctx.now })
    .onConflictDoUpdate({ target: supportProfiles.teamId, set: { sections: stored, updatedBy: by, updatedAt: ctx.now } });
  await ctx.emit({ type: 'team.profile-saved', subjectType: 'circle', subjectId: f.team.id, data: { sections: named.map((n) => n.key), visibility: Object.fromEntries(named.map(({ key }) => [key, sections[key]?.visibility])) } });
}

/** The sections as stored, each text opened (the sections are sealed one by one, ADR 0024). */
export async function openSections(db: Db, sections: Record<string, ProfileSection>): Promise<Record<string, ProfileSection>> {
  const out: Record<string, ProfileSection> = {};
  for (const [key, section] of Object.entries(sections)) out[key] = { ...section, text: await unseal(db, section.text) };
  return out;
}

/** May this person read this section? Decided by the owner's choice, at the moment of asking. */
export function maySee(actor: Actor, f: TeamFacts, section: ProfileSection): boolean {
  if (isOwnerSide(actor, f)) return true;
  if (!f.memberIds.includes(actor.personId)) return false;
  if (section.visibility === 'team') return true;
  return section.visibility === 'chosen' && section.chosen.includes(actor.personId);
}

export interface ProfileView {
  facts: TeamFacts;
  updatedAt: Date | null;
  sections: { key: SectionKey; title: string; section: ProfileSection }[];
  hidden: number;
}

/**
 * The sections this person may read. Reading the Essentials (when they are shown) writes an
 * access-log row, so the owner can see who looked; done in the reading transaction.
 */
export async function readProfile(ctx: Ctx, input: { teamId: string; purpose: string }): Promise<ProfileView> {
  const f = await teamFacts(ctx.tx, input.teamId, ctx.now);
  if (!ctx.actor || !isInTeam(ctx.actor, f)) throw new NotFound('That team was not found.');
  const [row] = await ctx.tx.select().from(supportProfiles).where(eq(supportProfiles.teamId, f.team.id));
  const all = profileSections.map((s) => ({ ...s, section: row?.sections[s.key] ?? { text: '', visibility: 'me' as const, chosen: [] } }));
  const visible = [];
  // Only the sections this person may read are opened.
  for (const s of all) if (maySee(ctx.actor as Actor, f, s.section)) visible.push({ ...s, section: { ...s.section, text: await unseal(ctx.tx, s.section.text) } });
  const essentials = visible.find((s) => s.key === 'essentials');
  if (essentials && essentials.section.text) {
    await recordAccess(ctx.tx, ctx.now, { actorId: ctx.actor.personId, recordType: 'profile.essentials', recordId: f.team.id, ownerId: f.team.ownerId, reason: input.purpose });
  }
  return { facts: f, updatedAt: row?.updatedAt ?? null, sections: visible, hidden: all.length - visible.length };
}
