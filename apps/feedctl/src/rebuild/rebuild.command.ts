import { InvalidArgumentError, type Command } from 'commander';
import { RebuildLockedError } from '@photofeed/projections';
import {
  dropRetiredVersion,
  isViewName,
  rebuildBlueGreen,
  ViewVersionError,
  type ViewName,
} from '@photofeed/views';
import { action } from '../command';
import { EXIT, FeedctlError } from '../exit-codes';
import { count, seconds } from '../projections/format';
import { selectViews, viewContext } from '../projections/select';
import { RebuildProgressBar } from './progress-bar';

interface RebuildOptions {
  all?: boolean;
  keepOld?: boolean;
  batch: number;
  grace: number;
  maxRate?: number;
}

/** feedctl rebuild (blue/green, resumable) and feedctl drop (a version kept with --keep-old). */
export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description(
      'fill a new version of each view from the log beside the live one, switch readers to it atomically, drop the old one',
    )
    .argument('[view...]', 'views to rebuild (read-models, home-feed, activity, photo-owners)')
    .option('--all', 'every view')
    .option('--keep-old', 'keep the old version after the switch (drop it later: feedctl drop)')
    .option('--batch <events>', 'events per batch', positiveInt, 5_000)
    .option(
      '--grace <seconds>',
      'after the switch, before dropping the old version',
      positiveInt,
      3,
    )
    .option(
      '--max-rate <events/s>',
      'at most this many events a second (bounds the load on the databases)',
      positiveInt,
    )
    .addHelpText(
      'after',
      '\nInterrupted (Ctrl-C, kill -9, a crash), run the same command again: it resumes where it stopped.\n' +
        'Sagas and relays (push, Kafka) are not views: a rebuild never runs them.',
    )
    .action(
      action(program, async (ctx, names: string[], options: RebuildOptions) => {
        const views = selectViews(names, options.all);
        const bar = new RebuildProgressBar(ctx.out.stderr, ctx.out.json);
        let result;
        try {
          result = await rebuildBlueGreen({
            ...viewContext(ctx),
            store: ctx.store,
            views,
            batchSize: options.batch,
            maxEventsPerSecond: options.maxRate,
            keepOld: options.keepOld,
            graceMs: options.grace * 1000,
            signal: ctx.signal,
            onProgress: (p) => bar.update(p),
            onStep: (message) => {
              bar.stop();
              ctx.out.note(message);
            },
          });
        } catch (error) {
          if (error instanceof RebuildLockedError || error instanceof ViewVersionError)
            throw new FeedctlError(error.message, EXIT.failed);
          throw error;
        } finally {
          bar.stop();
        }
        const summary = {
          ...result,
          eventsPerSecond:
            result.fillSeconds > 0 ? Math.round(result.eventsRead / result.fillSeconds) : 0,
        };
        if (ctx.out.json) ctx.out.data(summary);
        if (!result.completed) {
          ctx.out.note(
            `interrupted after ${count(result.eventsRead)} events: run the same command again to resume`,
          );
          return EXIT.interrupted;
        }
        for (const w of result.warnings) ctx.out.note(`warning: ${w}`);
        if (!ctx.out.json)
          ctx.out.line(
            `rebuilt ${result.views.map((v) => `${v.view} v${v.to}`).join(', ')}: ` +
              `${count(result.eventsRead)} events read and applied in ${seconds(result.fillSeconds)} ` +
              `(${count(summary.eventsPerSecond)} ev/s); ${seconds(result.seconds)} in all, switch and drop included`,
          );
      }),
    );

  program
    .command('drop')
    .description('drop a version kept after a switch (rebuild --keep-old)')
    .argument('<view>', 'the view')
    .requiredOption('--version <n>', 'the retired version to drop', positiveInt)
    .action(
      action(program, async (ctx, view: string, options: { version: number }) => {
        if (!isViewName(view)) throw new FeedctlError(`"${view}" is not a view`, EXIT.usage);
        try {
          await dropRetiredVersion(viewContext(ctx), view as ViewName, options.version);
        } catch (error) {
          if (error instanceof ViewVersionError) throw new FeedctlError(error.message, EXIT.failed);
          throw error;
        }
        ctx.out.line(`${view} v${options.version} dropped`);
      }),
    );
}

function positiveInt(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
}
