import type { Duration } from './arguments';
import type { LogStats } from './stats-query';

/** `events stats --json`: one document, counts as numbers, rates per second and per minute. */
export interface StatsDocument {
  measuredAt: string;
  total: number;
  head: { position: string; recordedAt: string } | null;
  /** Readers can read up to here now; behind `head` while an open transaction holds them back. */
  readableHead: { position: string; recordedAt: string } | null;
  heldBack: number;
  oldestRecordedAt: string | null;
  newestRecordedAt: string | null;
  appendRate: { lastMinute: Rate; lastHour: Rate };
  since: Rate & { duration: string; seconds: number };
  types: { type: string; total: number; since: Rate }[];
}

export interface Rate {
  events: number;
  perSecond: number;
  perMinute: number;
}

export function rate(events: number, seconds: number): Rate {
  return { events, perSecond: events / seconds, perMinute: (events * 60) / seconds };
}

export function statsDocument(stats: LogStats, since: Duration): StatsDocument {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    measuredAt: stats.measuredAt.toISOString(),
    total: stats.total,
    head: stats.head && {
      position: stats.head.position,
      recordedAt: stats.head.recordedAt.toISOString(),
    },
    readableHead: stats.readableHead && {
      position: stats.readableHead.position,
      recordedAt: stats.readableHead.recordedAt.toISOString(),
    },
    heldBack: stats.heldBack,
    oldestRecordedAt: iso(stats.oldestRecordedAt),
    newestRecordedAt: iso(stats.newestRecordedAt),
    appendRate: { lastMinute: rate(stats.lastMinute, 60), lastHour: rate(stats.lastHour, 3_600) },
    since: { duration: since.text, seconds: since.seconds, ...rate(stats.recent, since.seconds) },
    types: stats.types.map((t) => ({
      type: t.type,
      total: t.total,
      since: rate(t.recent, since.seconds),
    })),
  };
}

/** The summary above the table of types, for people. */
export function summaryLines(doc: StatsDocument): string[] {
  const { lastMinute, lastHour } = doc.appendRate;
  const at = (p: { position: string; recordedAt: string }) =>
    `${p.position}, recorded ${p.recordedAt}`;
  // Only when it differs from the head: then readers (projections, tails) wait, and this says why.
  const readable =
    doc.heldBack > 0
      ? [
          `readable     ${doc.readableHead ? at(doc.readableHead) : '(nothing yet)'}: ` +
            `${count(doc.heldBack)} committed events above it wait for an older transaction, ` +
            "still open on the log's cluster",
        ]
      : [];
  return [
    `events       ${count(doc.total)}`,
    `head         ${doc.head ? at(doc.head) : '(empty log)'}`,
    ...readable,
    `oldest       ${doc.oldestRecordedAt ?? '-'}`,
    `newest       ${doc.newestRecordedAt ?? '-'}`,
    `append rate  ${perSecond(lastMinute.perSecond)} over the last minute (${count(lastMinute.events)}), ` +
      `${perSecond(lastHour.perSecond)} over the last hour (${count(lastHour.events)})`,
    `since ${doc.since.duration.padEnd(7)}${count(doc.since.events)} events, ` +
      `${perSecond(doc.since.perSecond)}, ${perMinute(doc.since.perMinute)}`,
  ];
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Three significant digits, no exponent: 0.00333, 1.5, 250; below 0.001, "<0.001" (JSON: exact). */
export function formatRate(value: number): string {
  if (value === 0) return '0';
  if (value < 0.001) return '<0.001';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

export const perSecond = (value: number): string => `${formatRate(value)}/s`;
export const perMinute = (value: number): string => `${formatRate(value)}/min`;
