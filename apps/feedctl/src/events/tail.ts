import { formatLogPosition, type LogPosition } from '@photofeed/event-store';
import { Option, type Command } from 'commander';
import type { FeedctlContext } from '../context';
import { ioOf } from '../io';
import { categoriesArgument, countArgument, positionArgument, streamIdArgument } from './arguments';
import { eventView, humanLine, jsonLine } from './event-view';
import { actionEndedByInterrupt } from './interrupt-ends-normally';
import { LineSink } from './line-sink';
import type { Selection, TailStart } from './selection';
import { tailEvents } from './tail-source';

export const DEFAULT_LAST = 10;

interface TailOptions {
  type?: string[];
  stream?: string;
  category?: string[];
  from?: LogPosition;
  last?: number;
  follow: boolean;
}

export function registerTail(events: Command): void {
  const command = events
    .command('tail')
    .summary('print events as they are appended (catch-up, then live)')
    .description(
      'Print events as they are appended: the last events first (or from a position), then live ' +
        'until Ctrl-C (exit 0). With --json, one JSON object per line. Data of private streams ' +
        '(credentials, sessions) is shown as "[redacted]".',
    )
    .option('--type <type...>', 'only events of these types')
    .addOption(
      new Option('--stream <streamId>', 'only events of this stream')
        .argParser(streamIdArgument)
        .conflicts('category'),
    )
    .addOption(
      new Option(
        '--category <category...>',
        'only streams of these categories (photo: photo-*)',
      ).argParser(categoriesArgument),
    )
    .addOption(
      new Option('--from <position>', 'start at this log position ("<tx>-<seq>", inclusive)')
        .argParser(positionArgument)
        .conflicts('last'),
    )
    .addOption(
      new Option(
        '--last <n>',
        `start with the last n matching events (default: ${DEFAULT_LAST})`,
      ).argParser(countArgument(0)),
    )
    .option('--no-follow', 'print what is there now and exit');
  command.action(actionEndedByInterrupt(command, tail(command)));
}

function tail(command: Command) {
  return async (ctx: FeedctlContext, options: TailOptions): Promise<void> => {
    const selection: Selection = {
      types: options.type,
      categories: options.category,
      streamId: options.stream,
    };
    const start: TailStart = options.from
      ? { from: options.from }
      : { last: options.last ?? DEFAULT_LAST };
    const sink = new LineSink(ioOf(command).stdout);
    const format = ctx.out.json
      ? jsonLine
      : (view: ReturnType<typeof eventView>) => `${humanLine(view)}\n`;
    const source = tailEvents(ctx.store, ctx.logPool, selection, start, {
      follow: options.follow,
      signal: ctx.signal,
    });
    for await (const item of source) {
      if ('live' in item) {
        ctx.out.note(`following the log after ${formatLogPosition(item.live)} (Ctrl-C to stop)`);
        continue;
      }
      if ('heldBack' in item) {
        ctx.out.note(
          `stopped at ${formatLogPosition(item.heldBack)}: newer committed events cannot be ` +
            "read yet, a transaction still open on the log's cluster holds them back",
        );
        continue;
      }
      for (const event of item.events) await sink.write(format(eventView(event)));
      if (sink.closed) break; // the reader went away (| head): done, nothing to report
    }
  };
}
