import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
let hooked = false;

/**
 * Kills `child` when the bench exits: at its end, on an uncaught error, on SIGINT or SIGTERM. A
 * bench that crashed used to leave its api, projector and private caches running; the orphaned projector then reconnected to the next run's
 * database (same name, dropped and made again), took its projections' locks and projected them into
 * its own, old Redis, so the next run's feeds stayed empty while every checkpoint said caught up.
 */
export function killOnExit(child: ChildProcess): ChildProcess {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
    // A signal ends the process without 'exit' unless it is handled.
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const)
      process.once(signal, () => process.exit(code));
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}
