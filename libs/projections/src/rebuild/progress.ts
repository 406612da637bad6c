import type { LogPosition } from '@photofeed/event-store';

/** What a rebuild reports after each batch: enough for a progress bar with a rate and an ETA. */
export interface RebuildProgress {
  position: LogPosition;
  head: LogPosition;
  /** Events read from the log since this run started. */
  eventsRead: number;
  /** Events from where this run started to the head (approximate: sequence gaps). */
  total: number;
  /** Of those, how many are behind `position` now. */
  done: number;
  /** Log positions passed per second over the last few seconds (events a filter skipped count). */
  eventsPerSecond: number;
  /** Null until a rate is known. */
  etaSeconds: number | null;
  elapsedSeconds: number;
}

const WINDOW_MS = 5_000;
const HEAD_EVERY_MS = 1_000;

/** Rate over a sliding window, totals against the head as last read. */
export class ProgressMeter {
  private readonly started = Date.now();
  private startSeq = 0n;
  private eventsRead = 0;
  private lastHeadAt = 0;
  private readonly samples: { at: number; done: number }[] = [];

  begin(from: LogPosition): void {
    this.startSeq = from.seq;
    this.lastHeadAt = Date.now();
    this.samples.push({ at: this.started, done: 0 });
  }

  /** At most once a second: reading the head each batch would cost a query per batch. */
  wantsHead(): boolean {
    if (Date.now() - this.lastHeadAt < HEAD_EVERY_MS) return false;
    this.lastHeadAt = Date.now();
    return true;
  }

  update(position: LogPosition, head: LogPosition, read: number): RebuildProgress {
    const now = Date.now();
    this.eventsRead += read;
    const total = Math.max(0, Number(head.seq - this.startSeq));
    const done = Math.min(total, Math.max(0, Number(position.seq - this.startSeq)));
    this.samples.push({ at: now, done });
    while (this.samples.length > 2 && now - this.samples[1].at > WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    const seconds = (now - first.at) / 1000;
    const eventsPerSecond = seconds > 0 ? (done - first.done) / seconds : 0;
    return {
      position,
      head,
      eventsRead: this.eventsRead,
      total,
      done,
      eventsPerSecond: Math.round(eventsPerSecond),
      etaSeconds: eventsPerSecond > 0 ? (total - done) / eventsPerSecond : null,
      elapsedSeconds: (now - this.started) / 1000,
    };
  }
}
