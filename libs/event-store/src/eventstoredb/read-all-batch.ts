/**
 * One readAll batch out of a forwards read of $all. The v6 client's readAll has no server-side
 * filter, so filtering happens here, and the read is bounded (`maxCount`) so that a sparse
 * filter cannot turn one call into a scan of the whole log.
 */
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { compareLogPositions, START } from '../log-position';
import type { LogPosition, ReadAllBatch, RecordedEvent } from '../types';
import type { Upcasters } from '../upcasting';
import { toRecordedEvent } from './event-mapping';
import { isSystemEvent } from './filtering';
import { toLogPosition } from './mapping';

export interface ReadAllBatchOptions {
  /** Exclusive. EventStoreDB reads start *at* a position, so the event there is dropped here. */
  after?: LogPosition;
  limit: number;
  /** The events wanted among ours (system events are skipped before it is asked). */
  matches: (streamId: string, type: string) => boolean;
  upcasters: Upcasters;
  /** What the source read was asked for: receiving that many means the end was not seen. */
  maxCount: number;
}

/**
 * The checkpoint moves past every event of ours looked at, matching or not: EventStoreDB has a
 * single writer and $all only grows at its end, so nothing can later appear behind a seen
 * position. It stays behind trailing system events (the server and its projections keep adding
 * those), so a caught-up checkpoint equals headPosition(); only a read that used up `maxCount`
 * on them moves past, so that a long stretch of them cannot stall a reader.
 * After `limit` matches it keeps reading only to learn whether another match follows
 * (caughtUp false) or the end comes first (caughtUp true), skipping non-matches on the way.
 */
export async function collectReadAllBatch(
  source: AsyncIterable<AllStreamResolvedEvent>,
  options: ReadAllBatchOptions,
): Promise<ReadAllBatch> {
  const after =
    options.after && compareLogPositions(options.after, START) > 0 ? options.after : undefined;
  let checkpoint = options.after ?? START;
  let lastScanned = checkpoint;
  const events: RecordedEvent[] = [];
  let received = 0;
  for await (const resolved of source) {
    received += 1;
    const recorded = resolved.event;
    if (!recorded) continue;
    const position = toLogPosition(recorded.position);
    if (after && compareLogPositions(position, after) <= 0) continue;
    lastScanned = position;
    if (isSystemEvent(recorded.streamId, recorded.type)) continue;
    const wanted = options.matches(recorded.streamId, recorded.type);
    if (wanted && events.length >= options.limit) return { events, checkpoint, caughtUp: false };
    if (wanted) events.push(toRecordedEvent(recorded, options.upcasters));
    checkpoint = position;
  }
  if (received >= options.maxCount) return { events, checkpoint: lastScanned, caughtUp: false };
  return { events, checkpoint, caughtUp: true };
}
