import type { Actor } from '../platform/authz.ts';
import { type Clock, DAY, HOUR, MINUTE } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import type { Database } from '../platform/db.ts';
import { circleHats } from '../modules/circles/queries.ts';
import { circles } from '../modules/circles/schema.ts';
import { readMar } from '../modules/care/medication/chart.ts';
import { addMedicine, recordDose } from '../modules/care/medication/commands.ts';
import { MISSED_AFTER, flagMissedDoses } from '../modules/care/medication/missed.ts';
import { addDays, localDay, zonedInstant } from '../modules/care/medication/time.ts';
import { amendNote, writeNote } from '../modules/care/notes/commands.ts';
import { readNote } from '../modules/care/notes/read.ts';
import { openRecords } from '../modules/care/records/commands.ts';

type Deps = { database: Database; clock: Clock };

/**
 * Rose's Team's notebook, MAR and who-has-seen list. Needs the teams demo (Rose's Team, Sam as
 * paid worker and MAR Holder, Priya volunteer, June advocate) and, for the safeguarding
 * opening, the concerns demo (Tom wears the Local Circle's Coach hat); without Tom's hat that
 * step is left out.
 */
export async function careNotesDemo(deps: Deps, p: Record<string, string>): Promise<void> {
  const db = deps.database.db;
  const team = (await db.select().from(circles)).find((c) => c.name === "Rose's Team");
  if (!team) return;
  const as = (key: string): Actor => ({ personId: p[key] as string, name: { rose: 'Rose Pennington', sam: 'Sam Hughes', priya: 'Priya Shah', june: 'June Ellis', tom: 'Tom Barker' }[key] ?? key, isAdmin: false, via: 'session' });
  const now = deps.clock.now();
  /** Run a command as it happened at an earlier moment, so the record reads like a real week. */
  const when = (at: Date): Deps => ({ database: deps.database, clock: { now: () => at } });
  const go = <I, O>(actor: Actor, command: Command<I, O>, input: I, at = now) => run(when(at), actor, command, input);
  const ago = (ms: number) => new Date(now.getTime() - ms);

  // The notebook: one note amended, one kept to Sam, Rose and June.
  await go(as('june'), writeNote, { teamId: team.id, text: 'Mum has a hospital appointment (eye clinic) on Thursday at 2pm.\nI will take her; no afternoon visit needed that day.' }, ago(6 * DAY));
  const { noteId: walk } = await go(as('priya'), writeNote, { teamId: team.id, text: 'Walk to the park and back, about 40 minutes.\nRose enjoyed feeding the ducks and chatted about her teaching days.' }, ago(5 * DAY));
  const { noteId: evening } = await go(as('sam'), writeNote, { teamId: team.id, text: 'Evening visit ended at 19:00.\nSupper eaten, tablets taken, back door locked.' }, ago(3 * DAY));
  await go(as('sam'), amendNote, { noteId: evening, text: 'Evening visit ended at 19:30.\nSupper eaten, tablets taken, back door locked.', reason: 'corrected the time' }, ago(3 * DAY - 2 * HOUR));
  const { noteId: low } = await go(as('sam'), writeNote, { teamId: team.id, text: 'Rose said she has been feeling low since her friend Margaret died.\nShe asked that only June and I know for now. Suggested she talks to her GP.', readership: 'chosen', chosen: [] }, ago(2 * DAY));
  await go(as('sam'), writeNote, { teamId: team.id, text: 'New slippers by the bed: the old ones were slipping on the landing.' }, ago(DAY));

  // The MAR: three medicines Sam (paid, MAR Holder) added a week ago and has recorded since.
  const start = ago(7 * DAY + 2 * HOUR);
  const startDay = localDay(start);
  const meds = [
    { name: 'Metformin', dose: '500 mg, one tablet', instructions: 'With breakfast and with the evening meal', times: ['08:00', '18:00'] },
    { name: 'Amlodipine', dose: '5 mg, one tablet', instructions: 'In the morning', times: ['08:00'] },
    { name: 'Simvastatin', dose: '20 mg, one tablet', instructions: 'At night', times: ['21:00'] },
  ];
  const ids: Record<string, string> = {};
  for (const m of meds) ids[m.name] = (await go(as('sam'), addMedicine, { teamId: team.id, ...m, startsOn: startDay }, start)).medicineId;
  // One refused dose three days ago; one missed (not recorded) yesterday evening, flagged below.
  const refusedOn = addDays(localDay(now), -3);
  const missedOn = addDays(localDay(now), -1);
  for (let day = startDay; day <= localDay(now); day = addDays(day, 1)) {
    for (const m of meds) {
      for (const time of m.times) {
        const dueAt = zonedInstant(day, time);
        if (dueAt < start || dueAt.getTime() > now.getTime() - MISSED_AFTER) continue;
        if (m.name === 'Metformin' && time === '18:00' && day === missedOn) continue;
        const refused = m.name === 'Amlodipine' && day === refusedOn;
        await go(as('sam'), recordDose, { medicineId: ids[m.name] as string, dueAt: dueAt.toISOString(), outcome: refused ? 'refused' : 'given', note: refused ? 'Rose said it makes her dizzy; told June and the GP surgery.' : '' }, new Date(dueAt.getTime() + 10 * MINUTE));
      }
    }
  }
  await deps.database.db.transaction((tx) => flagMissedDoses(tx, now));

  // Reads, so Rose's "who has seen my records" has something to show.
  await go(as('priya'), readNote, { noteId: walk });
  await go(as('sam'), readNote, { noteId: evening });
  await go(as('june'), readNote, { noteId: low });
  await go(as('june'), readMar, { teamId: team.id, date: missedOn });

  // A safeguarding opening by the Local Circle's Coach, with the reason Rose and June are told.
  const coach = team.parentId ? (await circleHats(db, team.parentId, now)).find((h) => /^coach$/i.test(h.name.trim())) : undefined;
  if (coach?.holders.some((h) => h.personId === p.tom)) {
    await go(as('tom'), openRecords, { teamId: team.id, purpose: 'safeguarding', reason: 'Priya raised a concern about evening visits running short; checking the notes and MAR for the last week.' });
    await go(as('tom'), readNote, { noteId: evening });
    await go(as('tom'), readMar, { teamId: team.id, date: missedOn });
  }
}
