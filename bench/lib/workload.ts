import { v7 as uuidv7 } from 'uuid';
import { now } from './stats';

/** What every store is asked to append: the same fields, the same bytes. */
export interface BenchEvent {
  id: string;
  type: string;
  data: LikedData;
  metadata: { correlationId: string; actorId: string };
}

// A type alias, not an interface: Emmett's Event wants data assignable to a string-keyed record.
export type LikedData = {
  photoId: string;
  likerId: string;
  likedAt: string;
  source: string;
  client: { platform: string; appVersion: string };
  feedPosition: number;
};

/** The store side of a bench: one adapter per store, run inside its own child process. */
export interface Subject {
  /** Schema and tables (not timed). */
  init(): Promise<void>;
  /** Appends `events` to a stream that must not exist yet (noStream / STREAM_DOES_NOT_EXIST / revisions 0..n-1). */
  appendNewStream(streamId: string, events: BenchEvent[]): Promise<void>;
  /** Reads the whole global log from the start in batches of `batchSize`; returns how many events it saw. */
  readAll(batchSize: number): Promise<number>;
  close(): Promise<void>;
}

export interface SubjectOptions {
  connectionString: string;
  /** Pool size: at least the largest number of concurrent writers. */
  maxConnections: number;
}

const ACTOR = '0192f6c1-7d3a-7000-8a11-5e2b9c3d4f12';

/** ~220 bytes of JSON, shaped like the Liked event. */
const LIKED: LikedData = {
  photoId: '0192f6c1-7d3a-7c4e-9b1f-3a5d2e8c9f01',
  likerId: ACTOR,
  likedAt: '2026-11-22T03:11:00.000Z',
  source: 'feed',
  client: { platform: 'ios', appVersion: '7.4.1' },
  feedPosition: 12,
};

export const PAYLOAD_BYTES = Buffer.byteLength(JSON.stringify(LIKED));

/** `count` Liked events with fresh ids and one correlation id for the batch. */
export function likedEvents(count: number): BenchEvent[] {
  const correlationId = uuidv7();
  const events: BenchEvent[] = new Array(count);
  for (let i = 0; i < count; i++) {
    events[i] = {
      id: uuidv7(),
      type: 'Liked',
      data: LIKED,
      metadata: { correlationId, actorId: ACTOR },
    };
  }
  return events;
}

let streamSeq = 0;

export interface AppendRun {
  events: number;
  appends: number;
  elapsedMs: number;
}

/**
 * `writers` concurrent loops, each appending `batch` events to a new stream per call, until `ms`
 * have passed. Elapsed runs until the last in-flight append committed, so events / elapsed is exact.
 */
export async function runWriters(
  subject: Subject,
  writers: number,
  batch: number,
  ms: number,
): Promise<AppendRun> {
  let events = 0;
  let appends = 0;
  const start = now();
  const deadline = start + ms;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      while (now() < deadline) {
        await subject.appendNewStream(`like-${++streamSeq}-${writer}`, likedEvents(batch));
        events += batch;
        appends += 1;
      }
    }),
  );
  return { events, appends, elapsedMs: now() - start };
}

/** Appends `total` events, `perAppend` per new stream, with `writers` concurrent loops. */
export async function fill(
  subject: Subject,
  total: number,
  perAppend: number,
  writers: number,
): Promise<AppendRun> {
  let remaining = total;
  let appends = 0;
  const start = now();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      while (remaining > 0) {
        const n = Math.min(perAppend, remaining);
        remaining -= n;
        await subject.appendNewStream(`like-${++streamSeq}-${writer}`, likedEvents(n));
        appends += 1;
      }
    }),
  );
  return { events: total, appends, elapsedMs: now() - start };
}

/** A full catch-up read, timed. */
export async function timedRead(
  subject: Subject,
  batchSize: number,
): Promise<{ events: number; elapsedMs: number }> {
  const start = now();
  const events = await subject.readAll(batchSize);
  return { events, elapsedMs: now() - start };
}
