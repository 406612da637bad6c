import { Pool, type DatabaseError } from 'pg';
import { CatchUpSubscription } from '../catch-up-subscription';
import { EventIdConflictError, WrongExpectedRevisionError } from '../errors';
import type { EventStore } from '../event-store';
import { compareLogPositions, maxLogPosition, START } from '../log-position';
import type {
  AppendResult,
  AppendToStream,
  ExpectedRevision,
  LogPosition,
  NewEvent,
  ReadAllBatch,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../types';
import { Upcasters } from '../upcasting';
import { validateAppend } from '../validate-append';
import { ChangeNotifier } from './change-notifier';
import { filterParams, toLogPosition, toRecordedEvent, type EventRow } from './row-mapping';
import * as SQL from './sql';

export interface PostgresEventStoreOptions {
  /** Where the log lives. Give this or `pool`. */
  connectionString?: string;
  pool?: Pool;
  /** LISTEN needs a direct session (not pgbouncer in transaction mode). Default: connectionString. */
  listenConnectionString?: string;
  maxConnections?: number;
  upcasters?: Upcasters;
  /** How often a live subscription reads when no notification came. */
  pollIntervalMs?: number;
  /** Named prepared statements: off behind a pooler that cannot keep them. */
  preparedStatements?: boolean;
}

const MAX_REVISION = 9223372036854775807n;
const DEFAULT_PAGE = 1_000;
const MAX_PAGE = 10_000;

/** The event log on PostgreSQL: one `events` table, appends through `append_events()`. */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly upcasters: Upcasters;
  private readonly notifier: ChangeNotifier;
  private readonly pollIntervalMs: number;
  private readonly prepared: boolean;

  constructor(options: PostgresEventStoreOptions) {
    if (!options.pool && !options.connectionString)
      throw new Error('PostgresEventStore needs a connectionString or a pool');
    this.pool =
      options.pool ??
      new Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 20 });
    this.ownsPool = !options.pool;
    // An idle client whose connection dies (server restart, terminated backend) is dropped and
    // replaced by the pool; without a listener its 'error' event would crash the process.
    if (this.ownsPool) this.pool.on('error', () => undefined);
    this.upcasters = options.upcasters ?? new Upcasters();
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.prepared = options.preparedStatements ?? true;
    this.notifier = new ChangeNotifier(
      this.pool,
      options.listenConnectionString ?? options.connectionString,
    );
  }

  append(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]);
  }

  async appendMany(requests: AppendToStream[]): Promise<AppendResult> {
    validateAppend(requests);
    const payload = requests.flatMap((r, i) =>
      r.events.map((e) => ({
        s: i + 1,
        id: e.id,
        type: e.type,
        v: e.schemaVersion ?? 1,
        data: e.data,
        meta: e.metadata ?? {},
      })),
    );
    const values = [
      requests.map((r) => r.streamId),
      requests.map((r) => encodeExpected(r.expectedRevision ?? 'any')),
      JSON.stringify(payload),
    ];
    let rows: AppendRow[];
    try {
      rows = (await this.pool.query<AppendRow>(this.statement('es_append', SQL.APPEND, values)))
        .rows;
    } catch (err) {
      throw translateAppendError(err as DatabaseError, requests);
    }
    const result = toAppendResult(rows);
    if (!result.duplicate) this.notifier.poke();
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? MAX_REVISION : 0n);
    const { rows } = await this.pool.query<EventRow>(
      this.statement(
        backwards ? 'es_read_stream_bw' : 'es_read_stream_fw',
        backwards ? SQL.READ_STREAM_BACKWARDS : SQL.READ_STREAM_FORWARDS,
        [streamId, from.toString(), options.limit ?? null],
      ),
    );
    return rows.map((r) => toRecordedEvent(r, this.upcasters));
  }

  async streamRevision(streamId: string): Promise<bigint> {
    const { rows } = await this.pool.query<{ revision: string }>(
      this.statement('es_stream_rev', SQL.STREAM_REVISION, [streamId]),
    );
    return BigInt(rows[0].revision);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllBatch> {
    const after = options.after ?? START;
    const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const [types, categories] = filterParams(options.filter);
    const { rows } = await this.pool.query<ReadAllRow>(
      this.statement('es_read_all', SQL.READ_ALL, [
        after.tx.toString(),
        after.seq.toString(),
        limit,
        types,
        categories,
      ]),
    );
    const { head_tx, head_seq, held_back: heldBack } = rows[0];
    if (head_tx === null) return { events: [], checkpoint: after, caughtUp: true, heldBack }; // nothing visible yet
    const head = toLogPosition(head_tx, head_seq);
    const events = rows
      .filter((r) => r.event_id !== null)
      .map((r) => toRecordedEvent(r, this.upcasters));
    if (events.length === limit) {
      const last = events[events.length - 1].position;
      return { events, checkpoint: last, caughtUp: compareLogPositions(last, head) >= 0, heldBack };
    }
    // A short page saw everything visible up to the head, filtered-out events included.
    return { events, checkpoint: maxLogPosition(after, head), caughtUp: true, heldBack };
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const { filter, batchSize } = options;
    return new CatchUpSubscription(
      (after) => this.readAll({ after, filter, limit: batchSize }),
      this.notifier,
      options.after ?? START,
      this.pollIntervalMs,
    );
  }

  async headPosition(): Promise<LogPosition> {
    const { rows } = await this.pool.query<{ transaction_id: string; global_position: string }>(
      SQL.HEAD,
    );
    return rows.length ? toLogPosition(rows[0].transaction_id, rows[0].global_position) : START;
  }

  async close(): Promise<void> {
    await this.notifier.close();
    if (this.ownsPool) await this.pool.end();
  }

  private statement(name: string, text: string, values: unknown[]) {
    return this.prepared ? { name, text, values } : { text, values };
  }
}

interface AppendRow {
  event_id: string;
  stream_id: string;
  stream_revision: string;
  transaction_id: string;
  global_position: string;
  duplicate: boolean;
}

type ReadAllRow = EventRow & { head_tx: string | null; head_seq: string; held_back: boolean };

function encodeExpected(expected: ExpectedRevision): string {
  switch (expected) {
    case 'any':
      return '-1';
    case 'noStream':
      return '-2';
    case 'streamExists':
      return '-3';
    default:
      return expected.toString();
  }
}

function toAppendResult(rows: AppendRow[]): AppendResult {
  const streams = new Map<string, bigint>();
  let position: LogPosition = START;
  const events = rows.map((r) => {
    const revision = BigInt(r.stream_revision);
    const p = toLogPosition(r.transaction_id, r.global_position);
    if ((streams.get(r.stream_id) ?? -1n) < revision) streams.set(r.stream_id, revision);
    position = maxLogPosition(position, p);
    return {
      id: r.event_id,
      streamId: r.stream_id,
      streamRevision: revision,
      position: p,
      globalPosition: p.seq,
    };
  });
  return {
    events,
    streams: [...streams].map(([streamId, revision]) => ({ streamId, revision })),
    position,
    duplicate: rows.length > 0 && rows[0].duplicate,
  };
}

function translateAppendError(err: DatabaseError, requests: AppendToStream[]): Error {
  if (err.code === 'PF409') {
    const { stream, actual } = JSON.parse(err.detail ?? '{}') as {
      stream: string;
      actual: number | string;
    };
    const expected = requests.find((r) => r.streamId === stream)?.expectedRevision ?? 'any';
    return new WrongExpectedRevisionError(stream, expected, BigInt(actual));
  }
  if (err.code === 'PF422')
    return new EventIdConflictError(findEventId(requests), err.detail ?? err.message);
  // Two concurrent appends of one id to different streams: the loser hits the unique index.
  if (err.code === '23505' && err.constraint === 'events_event_id_key') {
    return new EventIdConflictError(
      /\(event_id\)=\(([^)]+)\)/.exec(err.detail ?? '')?.[1] ?? findEventId(requests),
      'stored by a concurrent append',
    );
  }
  return err;
}

function findEventId(requests: AppendToStream[]): string {
  return requests[0].events[0].id;
}
