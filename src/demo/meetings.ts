import type { Actor } from '../platform/authz.ts';
import { DAY } from '../platform/clock.ts';
import { type Command, run } from '../platform/context.ts';
import { circles } from '../modules/circles/schema.ts';
import { agendaItems } from '../modules/circles/meetings/schema.ts';
import { addItem, approveMinutes, draftMinutes, moveMeeting, recordInMeeting, scheduleMeeting } from '../modules/circles/meetings/commands.ts';
import { extendDemo } from './seed.ts';

// The Local Circle's last meeting, run and minuted, and its next one on the calendar.
extendDemo(async (deps, p) => {
  const local = (await deps.database.db.select().from(circles)).find((c) => c.name === 'Calderdale Local Circle');
  if (!local) return;
  const tom: Actor = { personId: p.tom as string, name: 'Tom', isAdmin: false, via: 'session' };
  const go = <I, O>(command: Command<I, O>, input: I) => run(deps, tom, command, input);
  const when = (days: number) => new Date(deps.clock.now().getTime() + days * DAY).toISOString().slice(0, 10);

  const { meetingId } = await go(scheduleMeeting, { circleId: local.id, startsAt: `${when(-14)}T18:30`, place: 'Halifax Central Library, Room 2' });
  await go(addItem, { meetingId, kind: 'report', title: 'New enquiries this month' });
  await go(addItem, { meetingId, kind: 'review', title: 'Volunteer expenses policy' });
  await go(addItem, { meetingId, kind: 'report', title: "A supporter's leave of absence", confidential: 'on' });
  await go(moveMeeting, { meetingId, step: 'open' });
  for (const [who, role, opening] of [['tom', 'member', 'Busy month, glad to see everyone.'], ['sam', 'member', 'Tired but well.'], ['priya', 'member', 'Learning a lot.']] as const) {
    await go(recordInMeeting, { meetingId, personId: p[who] as string, role, opening, closing: 'Good meeting.' });
  }
  const items = await deps.database.db.select().from(agendaItems);
  const notes: Record<string, string> = {
    'New enquiries this month': 'Three enquiries; Tom will visit two, Sam the third.',
    'Volunteer expenses policy': 'Still working; kept as it is, next review in a year.',
    "A supporter's leave of absence": 'Cover agreed for the next four weeks.',
  };
  for (const item of items.filter((i) => i.meetingId === meetingId)) await go(recordInMeeting, { meetingId, itemId: item.id, notes: notes[item.title] ?? '' });
  await go(moveMeeting, { meetingId, step: 'close' });
  await go(draftMinutes, { meetingId });
  await go(approveMinutes, { meetingId });

  const { meetingId: next } = await go(scheduleMeeting, { circleId: local.id, startsAt: `${when(16)}T18:30`, place: 'Halifax Central Library, Room 2' });
  await go(addItem, { meetingId: next, kind: 'selection', title: 'Choose a Delegate for the next term' });
});
