import { SingleBar } from 'cli-progress';
import type { RebuildProgress } from '@photofeed/projections';
import { count, seconds } from '../projections/format';

/**
 * A rebuild's progress on stderr: a bar with events/s and an ETA at a terminal; a plain line every
 * few seconds otherwise (logs, CI); nothing with --json (the summary says it all).
 */
export class RebuildProgressBar {
  private bar: SingleBar | null = null;
  private lastLine = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly quiet: boolean,
  ) {}

  update(p: RebuildProgress): void {
    if (this.quiet) return;
    const payload = {
      rate: count(p.eventsPerSecond),
      remaining: p.etaSeconds === null ? '-' : seconds(p.etaSeconds),
      doneText: count(p.done),
      totalText: count(p.total),
    };
    if (this.stream.isTTY) {
      if (!this.bar) {
        this.bar = new SingleBar({
          stream: this.stream,
          format:
            'rebuild [{bar}] {percentage}% | {doneText}/{totalText} events | {rate} ev/s | ETA {remaining}',
          hideCursor: true,
          clearOnComplete: false,
        });
        this.bar.start(Math.max(1, p.total), 0, payload);
      }
      this.bar.setTotal(Math.max(1, p.total));
      this.bar.update(p.done, payload);
      return;
    }
    if (Date.now() - this.lastLine < 5_000 && p.done < p.total) return;
    this.lastLine = Date.now();
    const pct = p.total ? Math.floor((100 * p.done) / p.total) : 100;
    this.stream.write(
      `rebuild ${pct}% ${payload.doneText}/${payload.totalText} events, ${payload.rate} ev/s, ETA ${payload.remaining}\n`,
    );
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
