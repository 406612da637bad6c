import { EventIdConflictError } from '../errors';
import type { NewEvent, RecordedEvent } from '../types';
import { canonicalJson, findDuplicateAppend, toAppendResult } from './idempotency';

const A = '0b6f1b9e-4a55-4f0e-9a43-1c1d2b3e4f50';
const B = '1c7e2cae-5b66-4e1f-8b54-2d2e3c4f5a61';

const stored = (
  id: string,
  revision: bigint,
  over: Partial<RecordedEvent> = {},
): RecordedEvent => ({
  id,
  type: 'Happened',
  schemaVersion: 1,
  streamId: 's-1',
  streamRevision: revision,
  position: { tx: 1000n + revision * 100n, seq: 1000n + revision * 100n },
  globalPosition: 1000n + revision * 100n,
  recordedAt: new Date(0),
  data: { a: 1, b: [1, 2] },
  metadata: {},
  ...over,
});
const asked = (id: string, over: Partial<NewEvent> = {}): NewEvent => ({
  id,
  type: 'Happened',
  data: { b: [1, 2], a: 1 },
  ...over,
});
const byId = (...events: RecordedEvent[]) => new Map(events.map((e) => [e.id, e]));

describe('findDuplicateAppend', () => {
  it('lets the append through when none of the ids is stored', () => {
    expect(findDuplicateAppend('s-1', [asked(A)], new Map())).toBeUndefined();
  });

  it('returns the original result when every id is stored with the same content', () => {
    const result = findDuplicateAppend(
      's-1',
      [asked(A), asked(B)],
      byId(stored(B, 6n), stored(A, 5n)),
    );
    expect(result).toEqual({
      events: [
        {
          id: A,
          streamId: 's-1',
          streamRevision: 5n,
          position: { tx: 1500n, seq: 1500n },
          globalPosition: 1500n,
        },
        {
          id: B,
          streamId: 's-1',
          streamRevision: 6n,
          position: { tx: 1600n, seq: 1600n },
          globalPosition: 1600n,
        },
      ],
      streams: [{ streamId: 's-1', revision: 6n }],
      position: { tx: 1600n, seq: 1600n },
      duplicate: true,
    });
  });

  it('matches ids case-insensitively (the server returns them lower-case)', () => {
    expect(
      findDuplicateAppend('s-1', [asked(A.toUpperCase())], byId(stored(A, 0n)))?.duplicate,
    ).toBe(true);
  });

  it('counts a missing schema version as 1 and ignores metadata', () => {
    const again = asked(A, { schemaVersion: 1, metadata: { actorId: 'someone else' } });
    expect(findDuplicateAppend('s-1', [again], byId(stored(A, 0n)))?.duplicate).toBe(true);
  });

  it.each([
    ['data', asked(A, { data: { a: 2, b: [1, 2] } })],
    ['array order', asked(A, { data: { a: 1, b: [2, 1] } })],
    ['type', asked(A, { type: 'Other' })],
    ['schema version', asked(A, { schemaVersion: 2 })],
  ])('refuses the same id with other %s', (_what, again) => {
    expect(() => findDuplicateAppend('s-1', [again], byId(stored(A, 0n)))).toThrow(
      EventIdConflictError,
    );
  });

  it('refuses the same id stored in another stream', () => {
    const elsewhere = byId(stored(A, 0n, { streamId: 's-2' }));
    expect(() => findDuplicateAppend('s-1', [asked(A)], elsewhere)).toThrow(EventIdConflictError);
  });

  it('refuses an append where only some ids are stored, naming a stored one', () => {
    let error: unknown;
    try {
      findDuplicateAppend('s-1', [asked(B), asked(A)], byId(stored(A, 0n)));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventIdConflictError);
    expect(error).toMatchObject({ eventId: A, reason: 'only some of the event ids are stored' });
  });
});

describe('canonicalJson', () => {
  it('ignores key order, keeps array order, drops undefined like JSON', () => {
    expect(canonicalJson({ b: { d: 1, c: 2 }, a: 1 })).toBe(
      canonicalJson({ a: 1, b: { c: 2, d: 1 } }),
    );
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson(JSON.parse(JSON.stringify({ a: 1, u: undefined })))).toBe(
      canonicalJson({ a: 1 }),
    );
  });
});

describe('toAppendResult', () => {
  it('keeps the given order and reports the newest position and revision', () => {
    const result = toAppendResult('s-1', [stored(A, 2n), stored(B, 3n)], false);
    expect(result.events.map((e) => e.id)).toEqual([A, B]);
    expect(result.position).toEqual({ tx: 1300n, seq: 1300n });
    expect(result.streams).toEqual([{ streamId: 's-1', revision: 3n }]);
    expect(result.duplicate).toBe(false);
  });
});
