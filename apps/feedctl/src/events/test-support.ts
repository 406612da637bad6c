import { PostgresEventStore, type AppendResult } from '@photofeed/event-store';
import type { TestDatabase } from '@photofeed/testing';
import { CommanderError } from 'commander';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { Pool } from 'pg';
import { lastExitCode } from '../command';
import { EXIT } from '../exit-codes';
import { buildProgram } from '../main';

/** feedctl's environment for a suite: the services of scripts/services.sh, the suite's own log. */
export function feedctlEnv(db: TestDatabase): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    SHARD_DATABASE_URLS: db.url,
  };
  delete env.DATABASE_DIRECT_URL;
  return env;
}

export function appendOne(
  store: PostgresEventStore,
  streamId: string,
  type: string,
  data: unknown,
): Promise<AppendResult> {
  return store.append(streamId, [{ id: randomUUID(), type, data }]);
}

/**
 * An append left uncommitted: its event sorts before every event appended after it (its xid is
 * older) and, until commit, holds the read horizon back for everyone on the cluster (serial
 * tests only).
 */
export async function openAppend(
  pool: Pool,
  streamId: string,
): Promise<{ commit(): Promise<void> }> {
  const client = await pool.connect();
  await client.query('BEGIN');
  const event = [{ s: 1, id: randomUUID(), type: 'PhotoPosted', data: { slow: true } }];
  await client.query('SELECT * FROM append_events($1, $2, $3)', [
    [streamId],
    [-1],
    JSON.stringify(event),
  ]);
  return {
    async commit() {
      await client.query('COMMIT');
      client.release();
      // Readers in other processes learn of it from a NOTIFY, as after any append.
      await pool.query(`SELECT pg_notify('photofeed_events', '')`);
    },
  };
}

/** A text stream whose contents a test can wait on. */
export class Captured {
  readonly stream = new PassThrough();
  private text = '';
  private readonly waiters = new Set<() => void>();

  constructor() {
    this.stream.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('utf8');
      for (const wake of [...this.waiters]) wake();
    });
  }

  get contents(): string {
    return this.text;
  }

  get lines(): string[] {
    return this.text.split('\n').filter((l) => l !== '');
  }

  /** Resolves as soon as what was written satisfies `predicate`; fails after `timeoutMs`. */
  waitFor(predicate: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (predicate(this.text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.text)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; got:\n${this.text}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}

export interface RunningFeedctl {
  stdout: Captured;
  stderr: Captured;
  /** What Ctrl-C does: the SIGINT handler of command.ts's action() runs. */
  interrupt(): void;
  /** The exit code, once the command has ended. */
  finished: Promise<number>;
}

/**
 * Starts feedctl in this process without waiting for it to end (for `events tail`, which runs
 * until interrupted). Only one may run at a time: interrupt() reaches every SIGINT listener.
 */
export function startFeedctl(args: string[], env: NodeJS.ProcessEnv): RunningFeedctl {
  const stdout = new Captured();
  const stderr = new Captured();
  const program = buildProgram({ env, stdout: stdout.stream, stderr: stderr.stream });
  const saved = process.exitCode;
  const finished = program
    .parseAsync(['node', 'feedctl', ...args])
    .then(
      () => lastExitCode.get(program) ?? EXIT.ok,
      (error: unknown) => {
        if (!(error instanceof CommanderError)) throw error;
        return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      },
    )
    .finally(() => {
      process.exitCode = saved;
    });
  return { stdout, stderr, interrupt: () => process.emit('SIGINT', 'SIGINT'), finished };
}
