import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { NotAllowed, NotFound } from '../../platform/errors.ts';
import { localDate } from '../../platform/zoned-time.ts';
import { readMar } from '../care/medication/chart.ts';
import { readNote } from '../care/notes/read.ts';
import { careLogs, careNotes, careNoteVersions, medicationDoses, medicines, visitSupporters, visits } from '../care/schema.ts';
import { circles } from '../circles/schema.ts';
import { people } from '../people/schema.ts';
import { readProfile } from '../teams/profile.ts';
import { supportProfiles, teams } from '../teams/schema.ts';
import { payerStatement } from '../care/money/statements.ts';

/** A record the person is named in but may not read: when, who wrote it, and why it is held back. */
export interface Withheld {
  record: string;
  id: string;
  date: string;
  author: string;
  reason: string;
}

const PURPOSE = 'subject-access export';
const refused = (e: unknown) => e instanceof NotFound || e instanceof NotAllowed;

async function nameOf(ctx: Ctx, id: string | null): Promise<string> {
  if (!id) return '';
  const [p] = await ctx.tx.select({ name: people.name }).from(people).where(eq(people.id, id));
  return p?.name ?? '';
}

/** Why a note the person is named in is not theirs to read (the notes module decides; this says it in words). */
function noteReason(readership: string, teamOwned: boolean): string {
  if (readership === 'chosen') return 'Its author shared it only with people they chose in the team, and the reader asking is not one of them.';
  if (teamOwned) return 'It is held back from this export by the notes\' readership rules.';
  return 'It belongs to a team the reader asking is no longer in: the team\'s owner (or their advocate) may show it.';
}

/**
 * Care notes: every note of the subject's own teams, and every note elsewhere that names them
 * (wrote it, a version of it, or chosen to read it), each read through the notes module as the
 * person asking, so its words are decrypted and its read logged there. A note that module
 * refuses is listed by date and author only, with why.
 */
export async function notesSection(ctx: Ctx, subjectId: string, ownedTeams: string[]) {
  const authored = ctx.tx.select({ id: careNoteVersions.noteId }).from(careNoteVersions).where(eq(careNoteVersions.authorId, subjectId));
  const candidates = await ctx.tx
    .select({ id: careNotes.id, teamId: careNotes.teamId, readership: careNotes.readership, createdBy: careNotes.createdBy, createdAt: careNotes.createdAt })
    .from(careNotes)
    .where(or(ownedTeams.length ? inArray(careNotes.teamId, ownedTeams) : undefined, eq(careNotes.createdBy, subjectId), sql`${careNotes.chosen} @> ${JSON.stringify([subjectId])}::jsonb`, inArray(careNotes.id, authored)))
    .orderBy(asc(careNotes.createdAt), asc(careNotes.id));
  const notes = [];
  const withheld: Withheld[] = [];
  for (const c of candidates) {
    try {
      const view = await readNote(ctx, { noteId: c.id });
      notes.push({ id: c.id, team: view.team.name, readership: view.note.readership, author: view.note.createdByName, createdAt: view.note.createdAt, versions: view.versions.map((v) => ({ version: v.version, text: v.text, reason: v.reason, author: v.authorName, createdAt: v.createdAt })) });
    } catch (e) {
      if (!refused(e)) throw e;
      withheld.push({ record: 'care note', id: c.id, date: c.createdAt.toISOString(), author: await nameOf(ctx, c.createdBy), reason: noteReason(c.readership, ownedTeams.includes(c.teamId)) });
    }
  }
  return { notes, withheld };
}

/**
 * The medication record, a day at a time through the MAR's own reader: every day of the
 * subject's own teams that has a dose, and elsewhere the days of doses and medicines they
 * recorded. A day that reader refuses is listed as withheld.
 */
export async function marSection(ctx: Ctx, subjectId: string, ownedTeams: string[]) {
  const doses = await ctx.tx
    .select({ teamId: medicationDoses.teamId, dueAt: medicationDoses.dueAt, recordedBy: medicationDoses.recordedBy })
    .from(medicationDoses)
    .where(or(ownedTeams.length ? inArray(medicationDoses.teamId, ownedTeams) : undefined, eq(medicationDoses.recordedBy, subjectId)));
  const meds = await ctx.tx
    .select({ teamId: medicines.teamId, startsOn: medicines.startsOn, stoppedAt: medicines.stoppedAt, createdBy: medicines.createdBy, createdAt: medicines.createdAt })
    .from(medicines)
    .where(or(ownedTeams.length ? inArray(medicines.teamId, ownedTeams) : undefined, eq(medicines.createdBy, subjectId), eq(medicines.stoppedBy, subjectId)));
  const days = new Map<string, { teamId: string; day: string; by: string | null }>();
  const add = (teamId: string, day: string, by: string | null) => days.set(`${teamId}:${day}`, { teamId, day, by });
  for (const d of doses) add(d.teamId, localDate(d.dueAt), d.recordedBy);
  for (const m of meds) {
    add(m.teamId, m.startsOn, m.createdBy);
    if (m.stoppedAt) add(m.teamId, localDate(m.stoppedAt), m.createdBy);
  }
  const mar = [];
  const withheld: Withheld[] = [];
  for (const { teamId, day, by } of [...days.values()].sort((a, b) => a.teamId.localeCompare(b.teamId) || a.day.localeCompare(b.day))) {
    try {
      const view = await readMar(ctx, { teamId, date: day });
      mar.push({ teamId, team: view.team.name, day, medicines: view.rows.map((r) => ({ id: r.medicine.id, name: r.medicine.name, dose: r.medicine.dose, instructions: r.medicine.instructions, doses: r.doses.map((d) => ({ time: d.time, dueAt: d.dueAt, state: d.state, outcome: d.outcome, note: d.note, recordedBy: d.recordedByName, recordedAt: d.recordedAt })) })) });
    } catch (e) {
      if (!refused(e)) throw e;
      withheld.push({ record: 'medication record (one day)', id: `${teamId}:${day}`, date: day, author: await nameOf(ctx, by), reason: 'It is the medication record of a team the reader asking is no longer in: its owner (or their advocate) may show it.' });
    }
  }
  return { mar, withheld };
}

/** Getting Support Profiles the subject owns or last saved: the sections the reader may see, through the profile's reader. */
export async function profilesSection(ctx: Ctx, subjectId: string, ownedTeams: string[]) {
  const rows = await ctx.tx
    .select({ teamId: supportProfiles.teamId, updatedAt: supportProfiles.updatedAt, updatedBy: supportProfiles.updatedBy })
    .from(supportProfiles)
    .where(or(ownedTeams.length ? inArray(supportProfiles.teamId, ownedTeams) : undefined, eq(supportProfiles.updatedBy, subjectId)));
  const profiles = [];
  const withheld: Withheld[] = [];
  for (const r of rows) {
    try {
      const view = await readProfile(ctx, { teamId: r.teamId, purpose: PURPOSE });
      profiles.push({ teamId: r.teamId, team: view.facts.team.name, updatedAt: view.updatedAt, sections: view.sections.map((s) => ({ key: s.key, title: s.title, text: s.section.text, visibility: s.section.visibility })), sectionsHidden: view.hidden });
    } catch (e) {
      if (!refused(e)) throw e;
      withheld.push({ record: 'Getting Support Profile', id: r.teamId, date: r.updatedAt.toISOString(), author: await nameOf(ctx, r.updatedBy), reason: 'It is the profile of a team the reader asking is no longer in.' });
    }
  }
  return { profiles, withheld };
}

/** The subject's own teams: each with its visits, care logs and monthly statements (statements through the money module). */
export async function ownedTeamsSection(ctx: Ctx, subjectId: string, timeZone: string) {
  const owned = await ctx.tx
    .select({ id: circles.id, name: circles.name, createdAt: circles.createdAt, advocateId: teams.advocateId })
    .from(circles)
    .leftJoin(teams, eq(teams.circleId, circles.id))
    .where(and(eq(circles.ownerId, subjectId), eq(circles.kind, 'team')))
    .orderBy(asc(circles.name));
  const out = [];
  for (const team of owned) {
    const teamVisits = await ctx.tx.select().from(visits).where(eq(visits.teamId, team.id)).orderBy(asc(visits.startsAt));
    const coming = teamVisits.length
      ? await ctx.tx.select({ visitId: visitSupporters.visitId, name: people.name }).from(visitSupporters).innerJoin(people, eq(people.id, visitSupporters.personId)).where(inArray(visitSupporters.visitId, teamVisits.map((v) => v.id)))
      : [];
    const logs = await ctx.tx.select({ log: careLogs, supporter: people.name }).from(careLogs).innerJoin(people, eq(people.id, careLogs.supporterId)).where(eq(careLogs.teamId, team.id)).orderBy(asc(careLogs.startsAt));
    const months = [...new Set(logs.filter((l) => l.log.kind === 'paid').map((l) => localDate(l.log.startsAt, timeZone).slice(0, 7)))].sort();
    const statements = [];
    for (const month of months) {
      try {
        statements.push(await payerStatement(ctx, { teamId: team.id, month, timeZone }));
      } catch (e) {
        if (!refused(e)) throw e;
      }
    }
    out.push({
      id: team.id,
      name: team.name,
      startedAt: team.createdAt,
      advocate: await nameOf(ctx, team.advocateId),
      visits: teamVisits.map((v) => ({ id: v.id, kind: v.kind, startsAt: v.startsAt, endsAt: v.endsAt, place: v.place, notes: v.notes, state: v.state, cancelReason: v.cancelReason, supporters: coming.filter((c) => c.visitId === v.id).map((c) => c.name) })),
      careLogs: logs.map(({ log, supporter }) => ({ id: log.id, supporter, kind: log.kind, startsAt: log.startsAt, endsAt: log.endsAt, minutes: log.minutes, activity: log.activity, state: log.state, adjustReason: log.adjustReason, disputeReason: log.disputeReason, resolution: log.resolution, correctsId: log.correctsId })),
      statements: statements.map((s) => ({ month: s.month, payers: s.groups.map((g) => ({ payer: g.payer?.name ?? 'No agreed payer', totals: g.totals, lines: g.lines.length, expenses: g.expenses.length })) })),
    });
  }
  return out;
}
