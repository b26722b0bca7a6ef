import { defineAction } from '../../platform/authz.ts';

// Every care route names one of these; the finer rules (owner's side, team member, paid worker,
// MAR Holder) are checked by each command against policy.ts.
export const A = {
  visitsView: defineAction('care.visits.view', { audience: 'signed-in', description: "See a team's visits and rota, and your own visits (policy: in the team)" }),
  visitsBook: defineAction('care.visits.book', { audience: 'signed-in', description: 'Book, rearrange, cancel or join visits (policy: in the team; the team has accepted the Promise)' }),
  calendarFeed: defineAction('care.calendar.feed', { audience: 'public', description: 'Read a private calendar feed: the secret token in the URL is the credential' }),
  calendarManage: defineAction('care.calendar.manage', { audience: 'signed-in', description: 'Create or revoke your own calendar feed address' }),
  logsView: defineAction('care.logs.view', { audience: 'signed-in', description: "Read a team's care logs (policy: in the team; each read is logged)" }),
  logsRecord: defineAction('care.logs.record', { audience: 'signed-in', description: "Add, confirm, adjust, dispute or correct a care log, or set the team's auto-confirm (policy: the supporter, or the owner's side)" }),
  logsResolve: defineAction('care.logs.resolve', { audience: 'signed-in', description: "Resolve a disputed care log (policy: the Local Circle's Coach or Leader)" }),
  notesRead: defineAction('care.notes.read', { audience: 'signed-in', description: "Read care notes (policy: the note's readership; every read is logged)" }),
  notesWrite: defineAction('care.notes.write', { audience: 'signed-in', description: 'Write or amend a care note (policy: in the team)' }),
  marView: defineAction('care.mar.view', { audience: 'signed-in', description: "Read the team owner's medication record (policy: in the team; each read is logged)" }),
  marRecord: defineAction('care.mar.record', { audience: 'signed-in', description: 'Add or stop medicines and record doses (policy: paid workers and the MAR Holder; never volunteers)' }),
  recordsAccess: defineAction('care.records.access', { audience: 'signed-in', description: 'See who has read your records, or open records for safeguarding, quality audit or a regulator with a stated reason (policy per command)' }),
  moneyView: defineAction('care.money.view', { audience: 'signed-in', description: "See rates, expenses and statements (policy: the owner's side for the team's, a worker for their own)" }),
  moneyManage: defineAction('care.money.manage', { audience: 'signed-in', description: 'Propose or agree a rate, claim or decide an expense (policy per command)' }),
} as const;
