import type pg from 'pg';

// COPY ... FROM STDIN through pg's Submittable interface (what pg-copy-streams does, without the
// stream machinery: a batch is already one buffer). COPY parses rows several times faster than
// an INSERT of the same rows from unnest() arrays or a jsonb document (measured in
// docs/performance.md), and the load is mostly parsing and index upkeep.

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

class CopyIn implements pg.Submittable {
  private error: Error | null = null;
  private rows = 0;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly done: (error: Error | null, rows: number) => void,
  ) {}

  submit(connection: pg.Connection): void {
    (connection as unknown as CopyConnection).query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }): void {
    this.rows = Number(/^COPY (\d+)/.exec(message.text)?.[1] ?? 0);
  }

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    this.done(this.error, this.rows);
  }

  // The other messages a query can get; a COPY FROM gets none of them.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Send rows already in COPY's text format; resolves with the number of rows written. */
export function copyIn(client: pg.ClientBase, text: string, data: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    client.query(new CopyIn(text, data, (error, rows) => (error ? reject(error) : resolve(rows))));
  });
}

const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: \N for null, objects as JSON (for jsonb), the four special characters escaped. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => escapes[c] as string) : text;
}
