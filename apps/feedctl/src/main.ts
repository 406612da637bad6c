/**
 * feedctl: the operators' tool. Shows every projection's position and lag, rebuilds any view from
 * the log (blue/green), verifies a live view against the log, handles parked events, reads the
 * log, and seeds demo data. `feedctl --help` lists the commands; `--json` on any of them prints
 * one JSON document for scripts. Exit codes: exit-codes.ts.
 *
 *   npm run feedctl -- status
 *   bin/feedctl rebuild --all
 */
import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes';
import { registerCommands } from './commands';
import { attachIo, processIo, type FeedctlIo } from './io';

/** The whole program; tests pass an io of their own (env, stdout, stderr) and run it in-process. */
export function buildProgram(io: FeedctlIo = processIo()): Command {
  const program = new Command('feedctl')
    .description(
      'Operate the photo feed: projections, rebuilds, parked events, the log, demo data.',
    )
    .option('--json', 'print one JSON document (for scripts) instead of tables')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  attachIo(program, io);
  registerCommands(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version end here too, with exit code 0.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
}

if (require.main === module)
  main(process.argv).catch((error: unknown) => {
    console.error(error);
    process.exitCode = EXIT.failed;
  });
