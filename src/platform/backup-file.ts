import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

// The backup file, line by line (JSON lines):
//   {"format":"carecircles-backup","version":3,"source":"pglite","snapshotAt":"…","schema":"0029_…"}
//   {"table":"people","columns":[…]}        then one {"r":<row>} line per row, for every table
//   {"sequence":"events_seq_seq","value":"42"}   one per sequence
//   {"checkpoint":{…}}                        the audit chains' heads, signed (checkpoints.ts)
//   {"end":true,"tables":{"people":{"rows":12,"sha256":"…"},…},"sequences":14,"sha256":"…"}
// A table's sha256 covers its own lines (its header and its rows, in order); the trailer's
// sha256 covers every line before the trailer. A file without its trailer was cut short.

export const FORMAT = 'carecircles-backup';
export const VERSION = 3;

/** Why a backup file may not be restored: one line, naming a table, a line number or a check, never a row's content. */
export class BackupRefused extends Error {}

export interface BackupHeader {
  format: string;
  version: number;
  source: string;
  snapshotAt: string;
  schema: string;
}

export interface TableSum {
  rows: number;
  sha256: string;
}

export interface BackupTrailer {
  end: true;
  tables: Record<string, TableSum>;
  sequences: number;
  sha256: string;
}

const sha = () => createHash('sha256');

/** The running sums a trailer holds, kept the same way by the writer and by the checker. */
export class Tally {
  private readonly whole: Hash = sha();
  private current: { name: string; hash: Hash; rows: number } | null = null;
  readonly tables = new Map<string, TableSum>();
  sequences = 0;

  /** A table's header line: the table's own sum starts here. */
  table(name: string, line: string): void {
    this.closeTable();
    this.current = { name, hash: sha(), rows: 0 };
    this.line(line);
  }

  /** A row line of the current table. Returns false when there is no current table. */
  row(line: string): boolean {
    if (!this.current) return false;
    this.current.rows += 1;
    this.line(line);
    return true;
  }

  /** Any other line (header, sequence, checkpoint): counted in the whole file only. */
  other(line: string, kind: 'header' | 'sequence' | 'checkpoint'): void {
    this.closeTable();
    if (kind === 'sequence') this.sequences += 1;
    this.whole.update(`${line}\n`);
  }

  get currentTable(): string | null {
    return this.current?.name ?? null;
  }

  trailer(): BackupTrailer {
    this.closeTable();
    return { end: true, tables: Object.fromEntries(this.tables), sequences: this.sequences, sha256: this.whole.copy().digest('hex') };
  }

  private line(line: string): void {
    this.current?.hash.update(`${line}\n`);
    this.whole.update(`${line}\n`);
  }

  private closeTable(): void {
    if (!this.current) return;
    this.tables.set(this.current.name, { rows: this.current.rows, sha256: this.current.hash.digest('hex') });
    this.current = null;
  }
}

export interface CheckedBackup {
  header: BackupHeader;
  trailer: BackupTrailer;
  /** Each table's columns, in file order. */
  columns: Map<string, string[]>;
  checkpoint: Record<string, unknown> | null;
}

const parse = (line: string): Record<string, unknown> | null => {
  try {
    const value = JSON.parse(line) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

function readHeader(line: string): BackupHeader {
  const h = parse(line);
  if (!h || h.format !== FORMAT) throw new BackupRefused('line 1 is not the header of a Care Circles backup.');
  if (h.version !== VERSION) {
    throw new BackupRefused(
      typeof h.version === 'number' && h.version < VERSION
        ? `this backup is in format ${h.version}, which has no trailer of counts and checksums, so it can not be proven complete; make a new backup with this version.`
        : `this backup is in format ${String(h.version)}, which this version does not know.`,
    );
  }
  if (typeof h.snapshotAt !== 'string' || typeof h.schema !== 'string' || typeof h.source !== 'string') throw new BackupRefused('line 1, the header, lacks its source, snapshot time or schema version.');
  return h as unknown as BackupHeader;
}

function readTrailer(record: Record<string, unknown>, line: number): BackupTrailer {
  const tables = record.tables as Record<string, TableSum> | undefined;
  const valid =
    tables && typeof tables === 'object' && typeof record.sha256 === 'string' && typeof record.sequences === 'number' &&
    Object.values(tables).every((t) => t && typeof t.rows === 'number' && typeof t.sha256 === 'string');
  if (!valid) throw new BackupRefused(`line ${line}, the trailer, is damaged.`);
  return record as unknown as BackupTrailer;
}

/** Compare what was read with what the trailer says: the first difference, naming its table and check. */
export function compareWithTrailer(read: BackupTrailer, trailer: BackupTrailer): string | null {
  const inFile = Object.keys(read.tables);
  const listed = Object.keys(trailer.tables);
  for (const name of listed) if (!read.tables[name]) return `table ${name} is missing from the file (the trailer lists it with ${trailer.tables[name]?.rows} rows).`;
  for (const name of inFile) if (!trailer.tables[name]) return `table ${name} is in the file but not in the trailer.`;
  for (const name of listed) {
    const got = read.tables[name] as TableSum;
    const want = trailer.tables[name] as TableSum;
    if (got.rows !== want.rows) return `table ${name} has ${got.rows} rows, the trailer says ${want.rows} (row count check).`;
    if (got.sha256 !== want.sha256) return `table ${name}: its checksum does not match the trailer (a row was changed, moved or replaced).`;
  }
  if (inFile.join() !== listed.join()) return 'the tables are not in the order the trailer lists them.';
  if (read.sequences !== trailer.sequences) return `the file has ${read.sequences} sequences, the trailer says ${trailer.sequences}.`;
  if (read.sha256 !== trailer.sha256) return "the file's hash does not match its trailer (the header, a sequence or the checkpoint was changed).";
  return null;
}

/**
 * Read a whole backup file and prove it complete and unchanged, without loading anything:
 * every line in its place, every table's count and checksum and the file's hash as the
 * trailer says. Throws BackupRefused with one line naming the first thing wrong.
 */
export async function checkBackupFile(file: string): Promise<CheckedBackup> {
  try {
    return await readAndCheck(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof BackupRefused || !code) throw error;
    throw new BackupRefused(`${file} can not be read (${code}).`);
  }
}

async function readAndCheck(file: string): Promise<CheckedBackup> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  const tally = new Tally();
  const columns = new Map<string, string[]>();
  let header: BackupHeader | null = null;
  let trailer: BackupTrailer | null = null;
  let read: BackupTrailer | null = null;
  let checkpoint: Record<string, unknown> | null = null;
  let damaged = 0;
  let n = 0;
  const where = () => (tally.currentTable ? ` (in table ${tally.currentTable})` : '');
  for await (const line of lines) {
    n += 1;
    if (damaged) throw new BackupRefused(`line ${damaged} is damaged${where()}.`);
    if (n === 1) {
      header = readHeader(line);
      tally.other(line, 'header');
      continue;
    }
    if (trailer) throw new BackupRefused(`line ${n} comes after the trailer.`);
    if (line.startsWith('{"r":')) {
      if (!tally.row(line)) throw new BackupRefused(`line ${n} is a row outside any table.`);
      continue;
    }
    const record = parse(line);
    if (!record) {
      damaged = n; // the last line cut mid-way, or a damaged one: the next line tells which
      continue;
    }
    if (typeof record.table === 'string' && Array.isArray(record.columns)) {
      if (columns.has(record.table)) throw new BackupRefused(`table ${record.table} appears twice (again at line ${n}).`);
      columns.set(record.table, record.columns as string[]);
      tally.table(record.table, line);
    } else if (typeof record.sequence === 'string') {
      tally.other(line, 'sequence');
    } else if (record.checkpoint && typeof record.checkpoint === 'object') {
      if (checkpoint) throw new BackupRefused(`line ${n} is a second checkpoint.`);
      checkpoint = record.checkpoint as Record<string, unknown>;
      tally.other(line, 'checkpoint');
    } else if (record.end === true) {
      trailer = readTrailer(record, n);
      read = tally.trailer();
    } else {
      throw new BackupRefused(`line ${n} is not a backup record${where()}.`);
    }
  }
  if (n === 0) throw new BackupRefused('the file is empty.');
  if (!header) throw new BackupRefused('line 1 is not the header of a Care Circles backup.');
  if (!trailer || !read) throw new BackupRefused(`the file ends at line ${n}${where()} without its trailer: it was cut short.`);
  const problem = compareWithTrailer(read, trailer);
  if (problem) throw new BackupRefused(problem);
  return { header, trailer, columns, checkpoint };
}
