import type { Command } from 'commander';
import { formatLogPosition } from '@photofeed/event-store';
import {
  listParked,
  ParkedEventError,
  retryParked,
  skipParked,
  type ParkedEvent,
} from '@photofeed/views';
import { action } from '../command';
import { dataPreview, eventView, printable } from '../events/event-view';
import { EXIT, FeedctlError } from '../exit-codes';
import { viewContext } from '../projections/select';
import type { FeedctlContext } from '../context';

/** feedctl parked list | retry | skip: the events projections could not handle, and what to do. */
export function registerParked(program: Command): void {
  const parked = program
    .command('parked')
    .description('events a projection parked after failing every retry: list, retry, skip');

  parked
    .command('list')
    .description('every parked event with its error (oldest first)')
    .argument('[name]', 'a view or projection')
    .action(
      action(program, async (ctx, name: string | undefined) => {
        const events = await listParked(viewContext(ctx), ctx.store, name);
        if (ctx.out.json) return ctx.out.data(events.map(asJson));
        ctx.out.table(events, [
          { header: 'id', value: (p) => p.id },
          { header: 'projection', value: (p) => `${p.projection} v${p.version}` },
          { header: 'position', value: (p) => formatLogPosition(p.position) },
          {
            header: 'event',
            value: (p) =>
              p.event ? `${printable(p.event.type)} ${printable(p.event.streamId)}` : '(missing)',
          },
          { header: 'attempts', value: (p) => p.attempts, align: 'right' },
          { header: 'error', value: (p) => firstLine(p.error) },
        ]);
      }),
    );

  parked
    .command('retry')
    .description('apply parked events to their projection again; still failing, they stay parked')
    .argument('[id]', 'a parked event id (from parked list)')
    .option('--all', 'every parked event (of [name] with --view)')
    .option('--view <name>', 'with --all: only this view or projection')
    .action(
      action(
        program,
        async (ctx, id: string | undefined, options: { all?: boolean; view?: string }) => {
          const ids = await pick(ctx, id, options.all, options.view);
          let failed = 0;
          const results = [];
          for (const one of ids) {
            const result = await guard(() => retryParked(viewContext(ctx), ctx.store, one));
            results.push({ ...asJson(result.parked), retried: result.ok, newError: result.error });
            if (!result.ok) failed++;
            if (!ctx.out.json) {
              show(ctx, result.parked);
              ctx.out.line(
                result.ok
                  ? '  → applied; no longer parked'
                  : `  → failed again: ${firstLine(result.error ?? '')}`,
              );
            }
          }
          if (ctx.out.json) ctx.out.data(results);
          return failed > 0 ? EXIT.failed : EXIT.ok;
        },
      ),
    );

  parked
    .command('skip')
    .description('give up on a parked event: it leaves the list, the view stays without it')
    .argument('<id>', 'a parked event id (from parked list)')
    .action(
      action(program, async (ctx, id: string) => {
        const skipped = await guard(() => skipParked(viewContext(ctx), ctx.store, id));
        if (ctx.out.json) return ctx.out.data(asJson(skipped));
        show(ctx, skipped);
        ctx.out.line('  → skipped; no longer parked');
      }),
    );
}

async function pick(
  ctx: FeedctlContext,
  id: string | undefined,
  all: boolean | undefined,
  view: string | undefined,
): Promise<string[]> {
  if (id && all) throw new FeedctlError('give an id or --all, not both', EXIT.usage);
  if (id) return [id];
  if (!all) throw new FeedctlError('give a parked event id, or --all', EXIT.usage);
  return (await listParked(viewContext(ctx), ctx.store, view)).map((p) => p.id);
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ParkedEventError) throw new FeedctlError(error.message, EXIT.failed);
    throw error;
  }
}

function show(ctx: FeedctlContext, p: ParkedEvent): void {
  const e = p.event ? eventView(p.event) : null;
  ctx.out.line(
    `${p.id} ${p.projection} v${p.version} at ${formatLogPosition(p.position)}: ` +
      (e
        ? `${printable(e.type)} ${printable(e.streamId)} r${e.streamRevision} ${dataPreview(e.data, 100)}`
        : '(event missing)'),
  );
  ctx.out.line(`  parked after ${p.attempts} attempts: ${firstLine(p.error)}`);
}

/** The event as `events` commands show it (private data redacted), the rest as text. */
function asJson(p: ParkedEvent) {
  return {
    ...p,
    position: formatLogPosition(p.position),
    event: p.event ? eventView(p.event) : null,
  };
}

const firstLine = (text: string) => printable(text.split('\n')[0].slice(0, 160));
