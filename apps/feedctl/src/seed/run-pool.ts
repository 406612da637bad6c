/**
 * Runs `task` for each item, at most `limit` at a time, starting them in order. When `signal`
 * aborts (Ctrl-C) or a task fails, no new task starts and the ones in flight finish, so nothing is
 * left half-done; then the first failure is thrown. Resolves to whether every item ran.
 */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  task: (item: T, index: number) => Promise<void>,
): Promise<boolean> {
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !signal.aborted && !failure) {
      const index = next++;
      try {
        await task(items[index], index);
        done++;
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return done === items.length;
}
