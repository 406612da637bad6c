/** feedctl's exit codes: scripts branch on them, so they never change meaning. */
export const EXIT = {
  ok: 0,
  /** The command ran and found a problem: verify saw differences, a retry failed again. */
  failed: 1,
  /** The command line was wrong (unknown command, bad option, missing argument). */
  usage: 2,
  /** A service (Postgres, Redis, memcached) could not be reached, or the configuration is wrong. */
  unavailable: 3,
  /** The operator declined a confirmation, or one was needed and stdin is not a terminal. */
  declined: 4,
  /** Interrupted (Ctrl-C): whatever ran can be resumed by running the command again. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A refusal with a message for the operator and the exit code that goes with it. */
export class FeedctlError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failed,
  ) {
    super(message);
    this.name = 'FeedctlError';
  }
}
