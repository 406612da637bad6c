import { CommanderError } from 'commander';
import { PassThrough } from 'node:stream';
import { lastExitCode } from '../command';
import { EXIT } from '../exit-codes';
import { buildProgram } from '../main';

export interface FeedctlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs feedctl in this process, as `feedctl <args>` would, against `env` (a suite's own database
 * and key prefix), capturing what it prints. Restores process.exitCode afterwards.
 */
export async function runFeedctl(args: string[], env: NodeJS.ProcessEnv): Promise<FeedctlRun> {
  const stdout = collect();
  const stderr = collect();
  const program = buildProgram({ env, stdout: stdout.stream, stderr: stderr.stream });
  const saved = process.exitCode;
  let code: number = EXIT.ok;
  try {
    await program.parseAsync(['node', 'feedctl', ...args]);
    code = lastExitCode.get(program) ?? EXIT.ok;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } finally {
    process.exitCode = saved;
  }
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
