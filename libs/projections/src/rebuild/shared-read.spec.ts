import { START, type LogPosition, type ReadAllBatch } from '@photofeed/event-store';
import { SharedLogRead } from './shared-read';

// A log of `batches` batches; batch i's checkpoint is seq i + 1. Reads are counted.
function fakeLog(batches: number) {
  const reads: bigint[] = [];
  const read = (after: LogPosition): Promise<ReadAllBatch> => {
    reads.push(after.seq);
    const seq = after.seq + 1n;
    return Promise.resolve({
      events: [],
      checkpoint: { ...after, seq },
      caughtUp: seq === BigInt(batches),
    } as unknown as ReadAllBatch);
  };
  return { read, reads };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedLogRead', () => {
  it('reads each batch once, lets a fast lane run ahead by at most the window', async () => {
    const log = fakeLog(10);
    const released: bigint[] = [];
    const shared = new SharedLogRead({
      read: log.read,
      from: START,
      lanes: 2,
      window: 3,
      onReleased: (b) => released.push(b.checkpoint.seq),
    });
    // Lane 0 takes everything it can while lane 1 applies nothing.
    let fast = 0;
    const racing = (async () => {
      while (await shared.batch(fast)) shared.appliedUpTo(0, ++fast);
    })();
    await settle();
    expect(fast).toBe(3);
    expect(log.reads).toEqual([0n, 1n, 2n]);
    expect(released).toEqual([]);

    // The slow lane applies one: one more read, and batch 0 is let go.
    expect((await shared.batch(0))!.checkpoint.seq).toBe(1n);
    shared.appliedUpTo(1, 1);
    await settle();
    expect(released).toEqual([1n]);
    expect(fast).toBe(4);

    for (let i = 1; i < 10; i++) {
      await shared.batch(i);
      shared.appliedUpTo(1, i + 1);
    }
    await racing;
    expect(await shared.batch(10)).toBeNull(); // past the head
    expect(log.reads).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
    expect(released).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n]);
    await shared.stop();
  });

  it('a lane that is done holds nobody back', async () => {
    const log = fakeLog(6);
    const shared = new SharedLogRead({ read: log.read, from: START, lanes: 2, window: 1 });
    shared.appliedUpTo(1, Number.POSITIVE_INFINITY);
    for (let i = 0; i < 6; i++) {
      expect((await shared.batch(i))!.checkpoint.seq).toBe(BigInt(i + 1));
      shared.appliedUpTo(0, i + 1);
    }
    await shared.stop();
  });

  it('stop ends the lanes waiting for a batch, and a read failure reaches every lane', async () => {
    const stopped = new SharedLogRead({ read: fakeLog(9).read, from: START, lanes: 1, window: 1 });
    await stopped.batch(0);
    const waiting = stopped.batch(1); // not read: the window is full until batch 0 is applied
    await stopped.stop();
    await expect(waiting).resolves.toBeNull();

    const failing = new SharedLogRead({
      read: () => Promise.reject(new Error('log down')),
      from: START,
      lanes: 2,
      window: 2,
    });
    await expect(failing.batch(0)).rejects.toThrow('log down');
    await expect(failing.batch(0)).rejects.toThrow('log down');
    await failing.stop();
  });
});
