import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { InvalidAppendError } from '../errors';
import { Upcasters } from '../upcasting';
import {
  NO_UPCASTING,
  fromEsdbMetadata,
  toEsdbEventData,
  toEsdbMetadata,
  toRecordedEvent,
} from './event-mapping';

const ID = '0b6f1b9e-4a55-4f0e-9a43-1c1d2b3e4f50';

describe('event data for EventStoreDB', () => {
  it('is JSON with our metadata, schema version and $correlationId/$causationId', () => {
    const data = toEsdbEventData({
      id: ID,
      type: 'PhotoLiked',
      data: { photoId: 'p1' },
      metadata: { correlationId: 'c1', causationId: 'k1', actorId: 'u1', traceId: 't1' },
      schemaVersion: 3,
    });
    expect(data).toEqual({
      id: ID,
      contentType: 'application/json',
      type: 'PhotoLiked',
      data: { photoId: 'p1' },
      metadata: {
        $correlationId: 'c1',
        $causationId: 'k1',
        actorId: 'u1',
        traceId: 't1',
        schemaVersion: 3,
      },
    });
  });

  it('defaults the schema version to 1 and leaves absent ids out', () => {
    expect(toEsdbMetadata(undefined, 1)).toEqual({ schemaVersion: 1 });
    expect(toEsdbMetadata({ actorId: 'u1' }, 1)).toEqual({ actorId: 'u1', schemaVersion: 1 });
  });

  it.each(['schemaVersion', '$correlationId', '$o'])('refuses the reserved key %s', (key) => {
    expect(() => toEsdbMetadata({ [key]: 'x' }, 1)).toThrow(InvalidAppendError);
  });
});

describe('metadata from EventStoreDB', () => {
  it('undoes toEsdbMetadata', () => {
    const metadata = { correlationId: 'c1', causationId: 'k1', actorId: 'u1', extra: { a: 1 } };
    expect(fromEsdbMetadata(toEsdbMetadata(metadata, 2))).toEqual({ metadata, schemaVersion: 2 });
  });

  it.each([undefined, null, 'text', [1, 2], new Uint8Array([1])])(
    'tolerates metadata written by others: %p',
    (raw) => {
      expect(fromEsdbMetadata(raw)).toEqual({ metadata: {}, schemaVersion: 1 });
    },
  );

  it.each([0, -1, 1.5, '2'])('reads a bad schema version %p as 1', (v) => {
    expect(fromEsdbMetadata({ schemaVersion: v }).schemaVersion).toBe(1);
  });
});

describe('recorded events from EventStoreDB', () => {
  const recorded = (over: Partial<Record<string, unknown>> = {}) =>
    ({
      streamId: 'profile-1',
      id: ID,
      revision: 4n,
      type: 'Renamed',
      created: new Date('2026-01-02T03:04:05Z'),
      data: { name: 'Ana' },
      metadata: { $correlationId: 'c1', schemaVersion: 1 },
      isJson: true,
      position: { commit: 9000n, prepare: 8990n },
      ...over,
    }) as unknown as EsdbRecordedEvent;

  it('maps the envelope: revision, position (commit, prepare), global position = commit', () => {
    expect(toRecordedEvent(recorded(), NO_UPCASTING)).toEqual({
      id: ID,
      type: 'Renamed',
      schemaVersion: 1,
      streamId: 'profile-1',
      streamRevision: 4n,
      position: { tx: 9000n, seq: 8990n },
      globalPosition: 9000n,
      recordedAt: new Date('2026-01-02T03:04:05Z'),
      data: { name: 'Ana' },
      metadata: { correlationId: 'c1' },
    });
  });

  it('upcasts from the stored schema version, giving the upcaster the metadata', () => {
    const seen: unknown[] = [];
    const upcasters = new Upcasters([
      {
        type: 'Renamed',
        fromVersion: 1,
        upcast: (d, m) => {
          seen.push(m);
          return { fullName: (d as { name: string }).name };
        },
      },
    ]);
    const event = toRecordedEvent(recorded(), upcasters);
    expect(event).toMatchObject({ schemaVersion: 2, data: { fullName: 'Ana' } });
    expect(seen).toEqual([{ correlationId: 'c1' }]);
    const current = recorded({ metadata: { schemaVersion: 2 }, data: { fullName: 'Ben' } });
    expect(toRecordedEvent(current, upcasters)).toMatchObject({
      schemaVersion: 2,
      data: { fullName: 'Ben' },
    });
  });

  it('refuses an event without a known $all position (servers before 22.6)', () => {
    expect(() => toRecordedEvent(recorded({ position: undefined }), NO_UPCASTING)).toThrow(/22\.6/);
    const max = 2n ** 64n - 1n;
    const unknown = recorded({ position: { commit: max, prepare: max } });
    expect(() => toRecordedEvent(unknown, NO_UPCASTING)).toThrow(/no \$all position/);
  });
});
