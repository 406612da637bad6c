import { formatLogPosition, PostgresEventStore } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Pool } from 'pg';
import { runFeedctl } from '../testing/run-feedctl';
import type { StatsDocument } from './stats-report';
import { appendOne, feedctlEnv } from './test-support';

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
let env: NodeJS.ProcessEnv;
let headPosition: string;

/** Appended now, then some moved back in time (recorded_at) to fall outside the windows. */
const LOG: [stream: string, type: string, hoursAgo: number][] = [
  ['photo-1', 'PhotoPosted', 72],
  ['photo-2', 'PhotoPosted', 30],
  ['photo-3', 'PhotoPosted', 0],
  ['like-1-9', 'PhotoLiked', 2],
  ['like-2-9', 'PhotoLiked', 0],
  ['credentials-9', 'PasswordSet', 0],
];

beforeAll(async () => {
  db = await createTestDatabase('feedctl_stats');
  pool = db.pool({ max: 2 });
  store = new PostgresEventStore({ pool });
  env = feedctlEnv(db);
  for (const [stream, type, hoursAgo] of LOG) {
    const { position } = await appendOne(store, stream, type, {});
    headPosition = formatLogPosition(position);
    await pool.query(
      `UPDATE events SET recorded_at = recorded_at - make_interval(hours => $2) WHERE stream_id = $1`,
      [stream, hoursAgo],
    );
  }
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

const statsJson = async (...args: string[]) => {
  const run = await runFeedctl(['--json', 'events', 'stats', ...args], env);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as StatsDocument;
};

describe('feedctl events stats', () => {
  it('counts every event by type, all time and within --since, with rates', async () => {
    const doc = await statsJson('--since', '1d');
    expect(doc.total).toBe(6);
    expect(doc.types.map((t) => [t.type, t.total, t.since.events])).toEqual([
      ['PhotoPosted', 3, 1],
      ['PhotoLiked', 2, 2],
      ['PasswordSet', 1, 1],
    ]);
    expect(doc.since).toMatchObject({ duration: '1d', seconds: 86_400, events: 4 });
    expect(doc.since.perSecond).toBeCloseTo(4 / 86_400, 12);
    expect(doc.since.perMinute).toBeCloseTo(4 / 1_440, 12);
    expect(doc.types[1].since.perMinute).toBeCloseTo(2 / 1_440, 12);

    const wider = await statsJson('--since', '2d');
    expect(wider.since.events).toBe(5);
    expect(wider.types[0].since.events).toBe(2);
  });

  it('gives the head, the oldest and newest recorded times, and the append rates', async () => {
    const doc = await statsJson();
    expect(doc.head?.position).toBe(headPosition);
    expect(doc.since.duration).toBe('1h'); // the default window
    expect(doc.since.events).toBe(3);
    const measuredAt = Date.parse(doc.measuredAt);
    const hoursBefore = (iso: string | null | undefined) =>
      (measuredAt - Date.parse(iso ?? '')) / 3_600_000;
    expect(hoursBefore(doc.oldestRecordedAt)).toBeGreaterThan(72);
    expect(hoursBefore(doc.oldestRecordedAt)).toBeLessThan(72.1);
    expect(hoursBefore(doc.newestRecordedAt)).toBeLessThan(0.1);
    expect(doc.head?.recordedAt).toBe(doc.newestRecordedAt);
    expect(doc.appendRate.lastHour).toEqual({ events: 3, perSecond: 3 / 3_600, perMinute: 3 / 60 });
    expect(doc.appendRate.lastMinute).toEqual({ events: 3, perSecond: 3 / 60, perMinute: 3 });
  });

  it('prints a summary and a table of types for people', async () => {
    const run = await runFeedctl(['events', 'stats', '--since', '24h'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^events +6$/m);
    expect(run.stdout).toContain(`head         ${headPosition}, recorded `);
    expect(run.stdout).toMatch(/^since 24h +4 events, <0\.001\/s, 0\.00278\/min$/m);
    expect(run.stdout).toMatch(/│ PhotoPosted +│ +3 │ +1 │ +<0\.001 │ +<0\.001 │/);
    expect(run.stdout).toMatch(/│ PhotoLiked +│ +2 │ +2 │ +<0\.001 │ +0\.00139 │/);
  });

  it('an empty log: zero, and no head', async () => {
    const empty = await createTestDatabase('feedctl_stats_empty');
    try {
      const run = await runFeedctl(['--json', 'events', 'stats'], feedctlEnv(empty));
      const doc = JSON.parse(run.stdout) as StatsDocument;
      expect(doc).toMatchObject({ total: 0, head: null, oldestRecordedAt: null, types: [] });
      const human = await runFeedctl(['events', 'stats'], feedctlEnv(empty));
      expect(human.stdout).toContain('(empty log)');
      expect(human.stdout).toContain('(none)');
    } finally {
      await empty.drop();
    }
  });

  it.each(['5y', '1.5h', '0s', 'soon', '-1h'])(
    '--since %s: one line on stderr, exit 2',
    async (since) => {
      const run = await runFeedctl(['events', 'stats', '--since', since], env);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/--since.*Expected a duration/);
    },
  );
});
