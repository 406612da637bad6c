import { createInterface } from 'node:readline/promises';
import { EXIT, FeedctlError } from '../exit-codes';

/**
 * Asks before something an operator cannot take back. `--yes` answers for scripts; without it and
 * without a terminal to ask at, the answer is no.
 */
export async function confirm(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY)
    throw new FeedctlError(`${question} Not at a terminal: pass --yes to confirm.`, EXIT.declined);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new FeedctlError('not confirmed', EXIT.declined);
  } finally {
    prompt.close();
  }
}
