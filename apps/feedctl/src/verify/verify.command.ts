import type { Command } from 'commander';
import { formatLogPosition } from '@photofeed/event-store';
import { RebuildLockedError } from '@photofeed/projections';
import { VerifyInterrupted, verifyView } from '@photofeed/views';
import { action } from '../command';
import { EXIT, FeedctlError } from '../exit-codes';
import { selectViews, viewContext } from '../projections/select';
import { RebuildProgressBar } from '../rebuild/progress-bar';

/** feedctl verify: a live view against a scratch rebuild of it; exit code 1 on any difference. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'rebuild a scratch copy of each view up to its live checkpoint and compare (exit 1 on differences)',
    )
    .argument('[view...]', 'views to verify')
    .option('--all', 'every view')
    .addHelpText(
      'after',
      '\nThe live view keeps serving; it is paused (reads go on) only for the last events and the comparison.',
    )
    .action(
      action(program, async (ctx, names: string[], options: { all?: boolean }) => {
        const results = [];
        for (const view of selectViews(names, options.all)) {
          const bar = new RebuildProgressBar(ctx.out.stderr, ctx.out.json);
          try {
            results.push(
              await verifyView({
                ...viewContext(ctx),
                store: ctx.store,
                view,
                signal: ctx.signal,
                onProgress: (p) => bar.update(p),
                onStep: (m) => {
                  bar.stop();
                  ctx.out.note(m);
                },
              }),
            );
          } catch (error) {
            if (error instanceof VerifyInterrupted) return EXIT.interrupted;
            if (error instanceof RebuildLockedError)
              throw new FeedctlError(`${error.message}: is another verify running?`);
            throw error;
          } finally {
            bar.stop();
          }
        }
        if (ctx.out.json) ctx.out.data(results);
        else
          for (const r of results) {
            const at = r.checkpoints
              .map((c) => `${c.projection} ${formatLogPosition(c.position)}`)
              .join(', ');
            ctx.out.line(
              `${r.view} v${r.version}: ${r.differences.count} difference(s) (${r.differences.compared}; at ${at}; live paused ${r.pausedMs} ms)`,
            );
            for (const s of r.differences.samples) ctx.out.line(`  ${s.part}: ${s.detail}`);
          }
        return results.some((r) => r.differences.count > 0) ? EXIT.failed : EXIT.ok;
      }),
    );
}
