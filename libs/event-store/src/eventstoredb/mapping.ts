/**
 * Pure translations between our port's vocabulary and @eventstore/db-client's:
 * expected revisions, positions and errors. No I/O.
 */
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Position,
} from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../errors';
import type { ExpectedRevision, LogPosition } from '../types';

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'noStream':
      return NO_STREAM;
    case 'streamExists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/** The server's "current revision": a number, or no_stream when the stream has no events. */
export function fromEsdbCurrentRevision(current: CurrentRevision): bigint {
  return current === NO_STREAM ? -1n : current;
}

/** EventStoreDB's $all position is (commit, prepare), compared commit first: exactly (tx, seq). */
export function toLogPosition(position: Position): LogPosition {
  return { tx: position.commit, seq: position.prepare };
}

export function toEsdbPosition(position: LogPosition): Position {
  return { commit: position.tx, prepare: position.seq };
}

/** Servers before 22.6 put no $all position on stream reads; some send ulong.MaxValue instead. */
const UNKNOWN_POSITION_PART = 2n ** 64n - 1n;

export function isKnownPosition(position: Position | undefined): position is Position {
  return (
    position !== undefined &&
    position.commit !== UNKNOWN_POSITION_PART &&
    position.prepare !== UNKNOWN_POSITION_PART
  );
}

/** Client errors → the port's errors where the port has a word for them; anything else unchanged. */
export function toPortAppendError(
  error: unknown,
  streamId: string,
  expected: ExpectedRevision,
): unknown {
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(
      streamId,
      expected,
      fromEsdbCurrentRevision(error.actualVersion),
    );
  }
  return error;
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError;
}
