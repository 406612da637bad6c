import type { ExpectedRevision } from './types';

/** Raised when the stream's revision is not what the writer expected. Nothing was written. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or -1n when it has none. */
    readonly actual: bigint,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id already stored with other content (stream, type, version or data). Nothing was written. */
export class EventIdConflictError extends Error {
  constructor(
    readonly eventId: string,
    readonly reason: string,
  ) {
    super(`event ${eventId} is already stored with other content: ${reason}`);
    this.name = 'EventIdConflictError';
  }
}

/** The request itself is malformed (empty stream id, bad uuid, ...). Nothing was written. */
export class InvalidAppendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/** The adapter cannot do this (e.g. an atomic multi-stream append on a server without it). */
export class NotSupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotSupportedError';
  }
}
