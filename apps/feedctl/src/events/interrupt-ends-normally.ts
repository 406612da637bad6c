import type { Command } from 'commander';
import { action, lastExitCode, type Action } from '../command';
import { EXIT } from '../exit-codes';

/**
 * `action()` for a command whose normal end is Ctrl-C (`events tail`). `action()` turns a clean
 * stop after Ctrl-C into EXIT.interrupted, which means "something was left half done: run again to
 * resume"; a tail leaves nothing half done, so a clean stop after Ctrl-C exits 0 here. Failures keep
 * their codes, and a second Ctrl-C still quits at once with EXIT.interrupted.
 *
 * (Better as an option of `action()` in command.ts; kept here until that exists.)
 */
export function actionEndedByInterrupt<A extends unknown[]>(command: Command, run: Action<A>) {
  let stoppedCleanly = false;
  const wrapped = action<A>(command, async (ctx, ...args) => {
    const code = await run(ctx, ...args);
    stoppedCleanly = ctx.signal.aborted && (code ?? EXIT.ok) === EXIT.ok;
    return code;
  });
  return async (...args: A): Promise<void> => {
    stoppedCleanly = false;
    await wrapped(...args);
    if (!stoppedCleanly) return;
    process.exitCode = EXIT.ok;
    let root = command;
    while (root.parent) root = root.parent;
    lastExitCode.set(root, EXIT.ok);
  };
}
