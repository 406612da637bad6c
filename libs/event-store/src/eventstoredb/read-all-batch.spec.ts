import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { START } from '../log-position';
import type { LogPosition } from '../types';
import { Upcasters } from '../upcasting';
import { collectReadAllBatch, type ReadAllBatchOptions } from './read-all-batch';
import { eventFilterPredicate } from './filtering';

let nextId = 0;
/** A $all record at commit = prepare = `at`. */
const at = (position: number, streamId = 'photo-1', type = 'Posted'): AllStreamResolvedEvent =>
  ({
    event: {
      streamId,
      id: `id-${++nextId}`,
      revision: 0n,
      type,
      created: new Date(0),
      data: { at: position },
      metadata: { schemaVersion: 1 },
      isJson: true,
      position: { commit: BigInt(position), prepare: BigInt(position) },
    },
    commitPosition: BigInt(position),
  }) as AllStreamResolvedEvent;
const pos = (n: number): LogPosition => ({ tx: BigInt(n), seq: BigInt(n) });

async function* from(records: AllStreamResolvedEvent[]) {
  yield* records;
}

const options = (over: Partial<ReadAllBatchOptions> = {}): ReadAllBatchOptions => ({
  limit: 10,
  matches: eventFilterPredicate(undefined),
  upcasters: new Upcasters(),
  maxCount: 100,
  ...over,
});
const positions = (batch: { events: { position: LogPosition }[] }) =>
  batch.events.map((e) => e.position.tx);

describe('collectReadAllBatch', () => {
  it('drops the event at `after` (reads start at it) and returns the rest in order', async () => {
    const batch = await collectReadAllBatch(
      from([at(100), at(200), at(300)]),
      options({ after: pos(100) }),
    );
    expect(positions(batch)).toEqual([200n, 300n]);
    expect(batch).toMatchObject({ checkpoint: pos(300), caughtUp: true });
  });

  it('from the start (no after, or START) keeps the first event', async () => {
    expect(positions(await collectReadAllBatch(from([at(0), at(5)]), options()))).toEqual([0n, 5n]);
    const fromStart = await collectReadAllBatch(from([at(0)]), options({ after: START }));
    expect(positions(fromStart)).toEqual([0n]);
  });

  it('with exactly `limit` matches before the end, is caught up', async () => {
    const batch = await collectReadAllBatch(from([at(1), at(2)]), options({ limit: 2 }));
    expect(batch).toMatchObject({ checkpoint: pos(2), caughtUp: true });
  });

  it('with another match after `limit`, is not caught up and stops at the last returned', async () => {
    const batch = await collectReadAllBatch(from([at(1), at(2), at(3)]), options({ limit: 2 }));
    expect(positions(batch)).toEqual([1n, 2n]);
    expect(batch).toMatchObject({ checkpoint: pos(2), caughtUp: false });
  });

  it('moves the checkpoint past filtered-out events of ours, even after `limit`', async () => {
    const matches = eventFilterPredicate({ eventTypes: ['Liked'] });
    const records = [at(1, 'photo-1', 'Liked'), at(2), at(3, 'photo-2', 'Liked'), at(4)];
    const batch = await collectReadAllBatch(from(records), options({ limit: 2, matches }));
    expect(positions(batch)).toEqual([1n, 3n]);
    expect(batch).toMatchObject({ checkpoint: pos(4), caughtUp: true });
  });

  it('skips system events without moving the checkpoint past trailing ones', async () => {
    const records = [
      at(1),
      at(2, '$ce-photo', '$>'),
      at(3),
      at(4, '$ce-photo', '$>'),
      at(5, '$stats-x', 'x'),
    ];
    const batch = await collectReadAllBatch(from(records), options());
    expect(positions(batch)).toEqual([1n, 3n]);
    expect(batch).toMatchObject({ checkpoint: pos(3), caughtUp: true });
  });

  it('stops at maxCount not caught up, past everything read so that the next read progresses', async () => {
    const records = [at(1), at(2, '$ce-photo', '$>'), at(3, '$ce-photo', '$>')];
    const batch = await collectReadAllBatch(from(records), options({ maxCount: 3 }));
    expect(positions(batch)).toEqual([1n]);
    expect(batch).toMatchObject({ checkpoint: pos(3), caughtUp: false });
  });

  it('returns `after` as the checkpoint when nothing follows', async () => {
    expect(await collectReadAllBatch(from([at(7)]), options({ after: pos(7) }))).toEqual({
      events: [],
      checkpoint: pos(7),
      caughtUp: true,
    });
    expect(await collectReadAllBatch(from([]), options())).toEqual({
      events: [],
      checkpoint: START,
      caughtUp: true,
    });
  });

  it('upcasts what it returns', async () => {
    const upcasters = new Upcasters([
      { type: 'Posted', fromVersion: 1, upcast: (d) => ({ ...(d as object), v2: true }) },
    ]);
    const batch = await collectReadAllBatch(from([at(1)]), options({ upcasters }));
    expect(batch.events[0]).toMatchObject({ schemaVersion: 2, data: { at: 1, v2: true } });
  });
});
