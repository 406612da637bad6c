import type { Command } from 'commander';
import { registerShow } from './show';
import { registerStats } from './stats';
import { registerTail } from './tail';

/** `feedctl events …`: the operators' view of the log (tail, show, stats). */
export function registerEvents(program: Command): void {
  const events = program
    .command('events')
    .description('Read the event log: tail it live, show a stream, count what is in it.')
    // A bad argument is one line on stderr (exit 2); the help is one --help away.
    .showHelpAfterError(false);
  registerTail(events);
  registerShow(events);
  registerStats(events);
}
