import { formatRate, rate, statsDocument, summaryLines } from './stats-report';
import type { LogStats } from './stats-query';

const stats: LogStats = {
  measuredAt: new Date('2026-03-02T12:00:00Z'),
  total: 1_234_567,
  head: { position: '900-1234567', recordedAt: new Date('2026-03-02T11:59:59Z') },
  readableHead: { position: '900-1234567', recordedAt: new Date('2026-03-02T11:59:59Z') },
  heldBack: 0,
  oldestRecordedAt: new Date('2026-01-01T00:00:00Z'),
  newestRecordedAt: new Date('2026-03-02T11:59:59Z'),
  windowSeconds: 86_400,
  recent: 8_640,
  lastMinute: 30,
  lastHour: 720,
  types: [
    { type: 'PhotoLiked', total: 1_000_000, recent: 8_000 },
    { type: 'PhotoPosted', total: 234_567, recent: 640 },
  ],
};

describe('statsDocument', () => {
  const doc = statsDocument(stats, { text: '24h', seconds: 86_400 });

  it('turns window counts into rates per second and per minute', () => {
    expect(doc.since).toEqual({
      duration: '24h',
      seconds: 86_400,
      events: 8_640,
      perSecond: 0.1,
      perMinute: 6,
    });
    expect(doc.appendRate.lastMinute).toEqual({ events: 30, perSecond: 0.5, perMinute: 30 });
    expect(doc.appendRate.lastHour).toEqual({ events: 720, perSecond: 0.2, perMinute: 12 });
    expect(doc.types[1]).toEqual({
      type: 'PhotoPosted',
      total: 234_567,
      since: rate(640, 86_400),
    });
  });

  it('is plain JSON: times as ISO text, an empty log as nulls', () => {
    expect(doc.head).toEqual({ position: '900-1234567', recordedAt: '2026-03-02T11:59:59.000Z' });
    const empty = statsDocument(
      { ...stats, total: 0, head: null, oldestRecordedAt: null, newestRecordedAt: null, types: [] },
      { text: '1h', seconds: 3_600 },
    );
    expect(empty.head).toBeNull();
    expect(empty.oldestRecordedAt).toBeNull();
    expect(summaryLines(empty)[1]).toContain('(empty log)');
  });

  it('summarises for people', () => {
    const lines = summaryLines(doc).join('\n');
    expect(lines).toContain('events       1,234,567');
    expect(lines).toContain('900-1234567, recorded 2026-03-02T11:59:59.000Z');
    expect(lines).toContain('0.5/s over the last minute (30)');
    expect(lines).toContain('0.2/s over the last hour (720)');
    expect(lines).toContain('since 24h    8,640 events, 0.1/s, 6/min');
    expect(lines).not.toContain('readable');
  });

  it('says where readers are when an open transaction holds events back', () => {
    const held = statsDocument(
      {
        ...stats,
        readableHead: { position: '899-1234560', recordedAt: new Date('2026-03-02T11:59:00Z') },
        heldBack: 7,
      },
      { text: '1h', seconds: 3_600 },
    );
    expect(held.readableHead?.position).toBe('899-1234560');
    expect(summaryLines(held)[2]).toBe(
      'readable     899-1234560, recorded 2026-03-02T11:59:00.000Z: 7 committed events above it ' +
        "wait for an older transaction, still open on the log's cluster",
    );
  });
});

describe('formatRate', () => {
  it.each([
    [0, '0'],
    [0.0004, '<0.001'],
    [0.0033333, '0.00333'],
    [1.5, '1.5'],
    [99.94, '99.9'],
    [1234.4, '1,234'],
  ])('%d → %s', (value, text) => {
    expect(formatRate(value)).toBe(text);
  });
});
