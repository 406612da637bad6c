import { runPool } from './run-pool';

/** A task per item that waits until the test lets it finish. */
function gatedTasks() {
  const gates = new Map<number, () => void>();
  let running = 0;
  let maxRunning = 0;
  const started: number[] = [];
  const task = (item: number) =>
    new Promise<void>((resolve) => {
      started.push(item);
      running++;
      maxRunning = Math.max(maxRunning, running);
      gates.set(item, () => {
        running--;
        resolve();
      });
    });
  const release = async (item: number) => {
    gates.get(item)!();
    await new Promise(setImmediate); // let the pool start the next task
  };
  return { task, release, started, maxRunning: () => maxRunning };
}

describe('runPool', () => {
  it('runs every item with at most `limit` in flight', async () => {
    const gated = gatedTasks();
    const done = runPool([0, 1, 2, 3, 4], 2, new AbortController().signal, gated.task);
    await new Promise(setImmediate);
    expect(gated.started).toEqual([0, 1]);
    for (const item of [0, 1, 2, 3, 4]) await gated.release(item);
    expect(await done).toBe(true);
    expect(gated.maxRunning()).toBe(2);
  });

  it('starts nothing new once aborted, lets the tasks in flight finish, and says it did not finish', async () => {
    const gated = gatedTasks();
    const abort = new AbortController();
    const done = runPool([0, 1, 2, 3], 2, abort.signal, gated.task);
    await new Promise(setImmediate);
    abort.abort();
    await gated.release(0);
    await gated.release(1);
    expect(await done).toBe(false);
    expect(gated.started).toEqual([0, 1]);
  });

  it('throws the first failure after the tasks in flight have settled', async () => {
    let settled = false;
    const done = runPool([0, 1, 2], 2, new AbortController().signal, async (item) => {
      if (item === 0) throw new Error('boom');
      await new Promise(setImmediate);
      settled = true;
    });
    await expect(done).rejects.toThrow('boom');
    expect(settled).toBe(true);
  });
});
