import { positionsAsText } from '@photofeed/views';
import Table from 'cli-table3';

/** Where a command writes: a table for people, one JSON document for scripts (`--json`). */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly out: NodeJS.WritableStream = process.stdout,
    readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  /** Rows as a table, or as a JSON array of the same objects. */
  table<T extends object>(rows: T[], columns: Column<T>[]): void {
    if (this.json) return this.data(rows);
    if (rows.length === 0) return this.line('(none)');
    const table = new Table({
      head: columns.map((c) => c.header),
      style: { head: [], border: [] },
      colAligns: columns.map((c) => c.align ?? 'left'),
    });
    for (const row of rows) table.push(columns.map((c) => c.value(row)));
    this.line(table.toString());
  }

  /** A value as JSON (always, also without --json: for commands whose answer is a document). */
  data(value: unknown): void {
    this.out.write(`${JSON.stringify(value, jsonReplacer, this.json ? undefined : 2)}\n`);
  }

  /** A line for people; with --json it goes to stderr so stdout stays one JSON document. */
  line(text: string): void {
    (this.json ? this.stderr : this.out).write(`${text}\n`);
  }

  /** Progress and notes: always stderr. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number;
  align?: 'left' | 'right';
}

/** Positions as "<tx>-<seq>" (as feedctl takes them), other bigints (ids) as decimal text. */
export const jsonReplacer = positionsAsText;
