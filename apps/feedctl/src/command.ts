import type { Command } from 'commander';
import { FeedctlContext } from './context';
import { EXIT, FeedctlError, type ExitCode } from './exit-codes';
import { isInfrastructureError } from '@photofeed/projections';
import { ioOf } from './io';
import { Output } from './output';

/** What a command's action does with the context: its exit code (EXIT.ok when it says nothing). */
export type Action<A extends unknown[]> = (
  ctx: FeedctlContext,
  ...args: A
) => Promise<ExitCode | void>;

export interface ActionOptions {
  /**
   * Ctrl-C is how the command normally ends (`events tail`): a clean stop after it exits 0, not
   * EXIT.interrupted ("half done: run again to resume").
   */
  interruptIsNormalEnd?: boolean;
}

/**
 * Wraps an action: builds the context from the environment and the global `--json`, maps failures
 * to exit codes with one line on stderr, closes every client, and sets process.exitCode.
 */
export function action<A extends unknown[]>(
  program: Command,
  run: Action<A>,
  options: ActionOptions = {},
) {
  return async (...args: A): Promise<void> => {
    const io = ioOf(program);
    let root = program;
    while (root.parent) root = root.parent;
    const out = new Output(Boolean(root.opts<{ json?: boolean }>().json), io.stdout, io.stderr);
    const abort = new AbortController();
    const onSigint = () => {
      if (abort.signal.aborted) process.exit(EXIT.interrupted); // a second Ctrl-C: now
      out.note('interrupted: stopping at the next safe point (Ctrl-C again to quit now)');
      abort.abort();
    };
    process.on('SIGINT', onSigint);
    let ctx: FeedctlContext | null = null;
    let code: ExitCode = EXIT.ok;
    try {
      ctx = FeedctlContext.fromEnv(out, abort.signal, io.env);
      code = (await run(ctx, ...args)) ?? EXIT.ok;
      if (abort.signal.aborted && code === EXIT.ok && !options.interruptIsNormalEnd)
        code = EXIT.interrupted;
    } catch (error) {
      code = report(out, error);
    } finally {
      process.off('SIGINT', onSigint);
      await ctx?.close();
    }
    process.exitCode = code;
    lastExitCode.set(root, code);
  };
}

/** The exit code of the last action a program ran (tests run programs in-process). */
export const lastExitCode = new WeakMap<Command, ExitCode>();

function report(out: Output, error: unknown): ExitCode {
  if (error instanceof FeedctlError) {
    out.note(`feedctl: ${error.message}`);
    return error.exitCode;
  }
  if ((error as { code?: unknown }).code === '42P01') {
    out.note(`feedctl: ${(error as Error).message}: is the database migrated? (npm run migrate)`);
    return EXIT.unavailable;
  }
  if (isInfrastructureError(error)) {
    out.note(`feedctl: a service is unreachable: ${(error as Error).message}`);
    return EXIT.unavailable;
  }
  out.note(`feedctl: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT.failed;
}
