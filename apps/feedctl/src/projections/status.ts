import type { Command } from 'commander';
import { readViewStatuses, type ProjectionReport } from '@photofeed/views';
import { action } from '../command';
import { count, position, seconds } from './format';

/** feedctl status: every projection of every database, as an operator needs to see it. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(
      'every projection: version, role, state, checkpoint, lag, events/s, parked, holder',
    )
    .action(
      action(program, async (ctx) => {
        const report = await readViewStatuses(ctx.clients);
        if (ctx.out.json) return ctx.out.data(report);
        ctx.out.line(
          `log head ${position(report.head?.position)}` +
            (report.head ? ` at ${report.head.recordedAt.toISOString()}` : ' (empty log)'),
        );
        ctx.out.table(report.projections, COLUMNS);
        for (const p of report.projections.filter((x) => x.operatorState === 'failed'))
          ctx.out.line(
            `${p.name} v${p.version} failed: ${p.lastError?.message.split('\n')[0] ?? 'its holder is gone and nobody stands by'}`,
          );
      }),
    );
}

const COLUMNS: {
  header: string;
  value: (p: ProjectionReport) => string | number;
  align?: 'right';
}[] = [
  { header: 'view', value: (p) => p.view ?? '?' },
  { header: 'projection', value: (p) => p.name },
  { header: 'v', value: (p) => p.version, align: 'right' },
  { header: 'role', value: (p) => p.role },
  { header: 'state', value: (p) => p.operatorState },
  { header: 'checkpoint', value: (p) => position(p.checkpoint) },
  { header: 'lag', value: (p) => count(p.lagEvents), align: 'right' },
  { header: 'lag s', value: (p) => seconds(p.lagSeconds), align: 'right' },
  {
    header: 'ev/s',
    value: (p) => (p.lockHeld ? count(Math.round(p.eventsPerSecond)) : '-'),
    align: 'right',
  },
  { header: 'parked', value: (p) => p.parked, align: 'right' },
  {
    header: 'held by',
    value: (p) =>
      (p.lockHeld ? (p.heldBy ?? '?') : '-') +
      (p.standbys.length ? ` (+${p.standbys.length} standby)` : ''),
  },
];
