import { InvalidArgumentError, type Command } from 'commander';
import { parseLogPosition, START, type LogPosition } from '@photofeed/event-store';
import { resetCheckpoint, setPaused } from '@photofeed/projections';
import { action } from '../command';
import { EXIT, FeedctlError } from '../exit-codes';
import { confirm } from './confirm';
import { position } from './format';
import { selectActive, type Selected } from './select';

/** feedctl pause / resume / reset: what the holder of a projection obeys, wherever it runs. */
export function registerControls(program: Command): void {
  program
    .command('pause')
    .description('stop applying events (after the batch in hand); readers keep the view as it is')
    .argument('<name...>', 'a view (all its projections) or one projection')
    .action(
      action(program, async (ctx, names: string[]) => {
        for (const p of await selectActive(ctx, names)) {
          await pause(p, true);
          ctx.out.line(`${key(p)} paused`);
        }
      }),
    );

  program
    .command('resume')
    .description('go on applying events from where it paused')
    .argument('<name...>', 'a view (all its projections) or one projection')
    .action(
      action(program, async (ctx, names: string[]) => {
        for (const p of await selectActive(ctx, names)) {
          await pause(p, false);
          ctx.out.line(`${key(p)} resumed`);
        }
      }),
    );

  program
    .command('reset')
    .description('move the checkpoint: back re-applies events, forward skips them (asks first)')
    .argument('<name...>', 'a view (all its projections) or one projection')
    .requiredOption('--to <position>', 'a log position "<tx>-<seq>", or "start"', parsePosition)
    .option('-y, --yes', 'do not ask for confirmation')
    .action(
      action(program, async (ctx, names: string[], options: { to: LogPosition; yes?: boolean }) => {
        const selected = await selectActive(ctx, names);
        await confirm(
          `Reset ${selected.map(key).join(', ')} to ${position(options.to)}? ` +
            'Events after it will be applied again; events before it that were not applied are skipped.',
          options.yes,
        );
        for (const p of selected) {
          const wasPaused = await isPaused(p);
          await pause(p, true);
          await resetCheckpoint(p.pool, p.projection, options.to);
          if (!wasPaused) await pause(p, false);
          ctx.out.line(
            `${key(p)} reset to ${position(options.to)}${wasPaused ? ' (still paused)' : ''}`,
          );
        }
      }),
    );
}

const key = (p: Selected) => `${p.projection.name} v${p.projection.version}`;

async function pause(p: Selected, paused: boolean): Promise<void> {
  const found = await setPaused(p.pool, p.projection, paused);
  if (!found)
    throw new FeedctlError(
      `${key(p)} has never run (no checkpoint yet): start a projector first`,
      EXIT.failed,
    );
}

async function isPaused(p: Selected): Promise<boolean> {
  const { rows } = await p.pool.query<{ paused: boolean }>(
    'SELECT paused FROM projection_checkpoints WHERE name = $1 AND version = $2',
    [p.projection.name, p.projection.version],
  );
  return rows[0]?.paused ?? false;
}

function parsePosition(text: string): LogPosition {
  if (text === 'start') return START;
  try {
    return parseLogPosition(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}
