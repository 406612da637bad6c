import { StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../errors';
import { compareLogPositions } from '../log-position';
import {
  fromEsdbCurrentRevision,
  isKnownPosition,
  isStreamNotFound,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toLogPosition,
  toPortAppendError,
} from './mapping';

describe('expected revision mapping', () => {
  it.each([
    ['any', 'any'],
    ['noStream', 'no_stream'],
    ['streamExists', 'stream_exists'],
    [0n, 0n],
    [41n, 41n],
  ] as const)('%p → %p', (ours, theirs) => {
    expect(toEsdbExpectedRevision(ours)).toBe(theirs);
  });

  it("reads the server's current revision, no_stream being -1", () => {
    expect(fromEsdbCurrentRevision('no_stream')).toBe(-1n);
    expect(fromEsdbCurrentRevision(0n)).toBe(0n);
    expect(fromEsdbCurrentRevision(7n)).toBe(7n);
  });
});

describe('position mapping', () => {
  it('maps commit to tx and prepare to seq, and back', () => {
    expect(toLogPosition({ commit: 500n, prepare: 420n })).toEqual({ tx: 500n, seq: 420n });
    expect(toEsdbPosition({ tx: 500n, seq: 420n })).toEqual({ commit: 500n, prepare: 420n });
  });

  it("orders like EventStoreDB's $all: commit first, then prepare", () => {
    const earlier = toLogPosition({ commit: 100n, prepare: 900n });
    const later = toLogPosition({ commit: 200n, prepare: 150n });
    expect(compareLogPositions(earlier, later)).toBe(-1);
    const sameCommit = toLogPosition({ commit: 100n, prepare: 950n });
    expect(compareLogPositions(earlier, sameCommit)).toBe(-1);
  });

  it('treats a missing or ulong.MaxValue position as unknown', () => {
    const max = 2n ** 64n - 1n;
    expect(isKnownPosition(undefined)).toBe(false);
    expect(isKnownPosition({ commit: max, prepare: max })).toBe(false);
    expect(isKnownPosition({ commit: 10n, prepare: max })).toBe(false);
    expect(isKnownPosition({ commit: 0n, prepare: 0n })).toBe(true);
    expect(isKnownPosition({ commit: 10n, prepare: 10n })).toBe(true);
  });
});

describe('append error mapping', () => {
  const wrongVersion = (current: bigint | 'no_stream') =>
    new WrongExpectedVersionError(undefined, { streamName: 's-1', expected: 'no_stream', current });

  it('WrongExpectedVersionError → WrongExpectedRevisionError with the actual revision', () => {
    const mapped = toPortAppendError(wrongVersion(4n), 's-1', 'noStream');
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 's-1', expected: 'noStream', actual: 4n });
  });

  it('a missing stream is actual -1, and the expectation is ours, not the server spelling', () => {
    const mapped = toPortAppendError(wrongVersion('no_stream'), 's-1', 'streamExists');
    expect(mapped).toMatchObject({ expected: 'streamExists', actual: -1n });
  });

  it('leaves other errors as they are', () => {
    const other = new Error('unavailable');
    expect(toPortAppendError(other, 's-1', 'any')).toBe(other);
  });

  it('recognises a missing stream on read', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's-1'))).toBe(true);
    expect(isStreamNotFound(new Error('s-1 not found'))).toBe(false);
  });
});
