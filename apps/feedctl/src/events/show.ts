import type { Command } from 'commander';
import { action } from '../command';
import type { FeedctlContext } from '../context';
import { FeedctlError } from '../exit-codes';
import { countArgument, revisionArgument } from './arguments';
import { dataPreview, eventView, printable, type EventView } from './event-view';

interface ShowOptions {
  fromRevision?: bigint;
  limit?: number;
  backwards?: boolean;
}

export function registerShow(events: Command): void {
  const command = events
    .command('show')
    .summary('every event of one stream')
    .description(
      'Every event of one stream, in revision order (a table, or a JSON array with --json). ' +
        'Data of private streams is shown as "[redacted]". Exit 1 when the stream does not exist.',
    )
    .argument('<streamId>', 'e.g. photo-123, user-42')
    .option(
      '--from-revision <n>',
      'start at this revision (inclusive; backwards: the newest shown)',
      revisionArgument,
    )
    .option('--limit <n>', 'at most n events', countArgument(1))
    .option('--backwards', 'newest first');
  command.action(action(command, show));
}

async function show(ctx: FeedctlContext, streamId: string, options: ShowOptions): Promise<void> {
  const events = await ctx.store.readStream(streamId, {
    direction: options.backwards ? 'backwards' : 'forwards',
    fromRevision: options.fromRevision,
    limit: options.limit,
  });
  if (events.length === 0) {
    const last = await ctx.store.streamRevision(streamId);
    if (last < 0n) throw new FeedctlError(`stream ${JSON.stringify(streamId)} does not exist`);
    ctx.out.note(`no events in that range: the stream's revisions are 0..${last}`);
  }
  const views = events.map(eventView);
  if (ctx.out.json) return ctx.out.data(views);
  ctx.out.table<EventView>(views, [
    { header: 'rev', value: (v) => v.streamRevision, align: 'right' },
    { header: 'position', value: (v) => v.position },
    { header: 'recorded', value: (v) => v.recordedAt },
    { header: 'type', value: (v) => printable(v.type) },
    { header: 'data', value: (v) => dataPreview(v.data, 80) },
  ]);
}
