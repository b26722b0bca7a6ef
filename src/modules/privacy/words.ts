import type { TableRows } from './rows.ts';
import type { Withheld } from './care.ts';
import { readThroughModules, tableWords } from './tables.ts';

/** What each field of data.json holds, in a few words: printed in the report and kept in the file. */
export const fieldWords: Record<string, string> = {
  about: 'Who this export is about, who asked for it, when it was made, and how to read it',
  fields: 'This list: what each field of the export holds',
  tables: 'Every row of the co-op\'s database that names you, table by table. Each table says which of its columns name a person (personColumns), which columns are never exported (leftOut: secrets such as password and token hashes, and stored files), and its rows with the database\'s own column names; times are in UTC',
  credits: 'Your credits account: its balance now (in minutes: 60 is one credit, one hour) and every movement in and out, newest first, with the other side and the message',
  teams: 'The teams you own (you are the person they support): each with its visits, the care logs of the support given, and its monthly statements of paid support',
  profiles: 'Getting Support Profiles you own or saved: the sections the reader may see, with who each section is shared with',
  notes: 'Care notes that are yours (your teams\' notebooks) or name you (you wrote them or were chosen to read them), with every version of their words',
  mar: 'The medication record (MAR), one day at a time: each medicine, its doses due, and what happened',
  concerns: 'Concerns about your teams, or that you raised or handled, that you may read, with their steps',
  conflicts: 'Conflict support records you were involved in or may read',
  withheld: 'Records that name you but are not in this export, each by date and author only, with the reason it is held back',
  people: 'The name of each person whose id appears in your rows (the rows name people by id)',
  notInTables: 'Tables whose rows are not copied as rows, because they are read through their own module (with its rules and its access log): where to find them in this export',
};

export interface ExportDocument {
  about: { title: string; exportId: string; madeAt: string; subject: { id: string; name: string }; askedBy: { id: string; name: string }; timesAre: string; howToRead: string };
  fields: Record<string, string>;
  tables: (TableRows & { description: string })[];
  people: Record<string, string>;
  notInTables: Record<string, string>;
  credits: unknown;
  teams: unknown[];
  profiles: unknown[];
  notes: unknown[];
  mar: unknown[];
  concerns: unknown[];
  conflicts: unknown[];
  withheld: Withheld[];
}

type Parts = Record<string, unknown>;
const part = <T>(parts: Parts, key: string, field: string, fallback: T): T => ((parts[key] as Record<string, T> | undefined)?.[field] ?? fallback);

/** The parts the job built, as one document with its descriptions. */
export function describeExport(input: { exportId: string; at: Date; subject: { id: string; name: string }; askedBy: { id: string; name: string }; parts: Parts }): ExportDocument {
  const { parts } = input;
  const collected = (parts.tables as { tables: TableRows[]; names: Record<string, string> } | undefined) ?? { tables: [], names: {} };
  const tables = collected.tables.map((t) => ({ ...t, description: tableWords[t.table] ?? `Rows of ${t.table.replace(/_/g, ' ')} that name you` }));
  return {
    about: {
      title: `Everything Care Circles holds about ${input.subject.name}`,
      exportId: input.exportId,
      madeAt: input.at.toISOString(),
      subject: input.subject,
      askedBy: input.askedBy,
      timesAre: 'UTC, written as ISO 8601 (2026-03-01T09:30:00.000Z)',
      howToRead: 'report.html is the same data as data.json, to read and print. data.json is for another program: "fields" says what each part holds.',
    },
    fields: fieldWords,
    tables,
    people: collected.names,
    notInTables: readThroughModules,
    credits: parts.credits ?? null,
    teams: (parts.teams as unknown[] | undefined) ?? [],
    profiles: part(parts, 'profiles', 'profiles', []),
    notes: part(parts, 'notes', 'notes', []),
    mar: part(parts, 'mar', 'mar', []),
    concerns: part(parts, 'concerns', 'concerns', []),
    conflicts: part(parts, 'concerns', 'conflicts', []),
    withheld: ['profiles', 'notes', 'mar', 'concerns'].flatMap((k) => part<Withheld[]>(parts, k, 'withheld', [])),
  };
}
