import { formatLogPosition, PostgresEventStore } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import { runFeedctl } from '../testing/run-feedctl';
import type { EventView } from './event-view';
import { appendOne, feedctlEnv, startFeedctl } from './test-support';

let db: TestDatabase;
let store: PostgresEventStore;
let env: NodeJS.ProcessEnv;

/** The log every test reads, oldest first; its positions once appended. */
const SEED: [stream: string, type: string, data: Record<string, string>][] = [
  ['user-1', 'UserRegistered', { userId: '1' }],
  ['credentials-1', 'PasswordSet', { userId: '1', passwordHash: '$argon2id$SECRET-HASH' }],
  ['photo-10', 'PhotoPosted', { photoId: '10' }],
  ['photo-100', 'PhotoPosted', { photoId: '100' }],
  ['like-10-1', 'PhotoLiked', { photoId: '10', userId: '1' }],
  ['session-5', 'SessionStarted', { sessionId: '5', refreshTokenHash: 'SECRET-TOKEN' }],
  ['photo-10', 'PhotoCaptionChanged', { photoId: '10', caption: 'new' }],
  ['follow-1-2', 'UserFollowed', { followerId: '1', followeeId: '2' }],
  ['like-100-1', 'PhotoLiked', { photoId: '100', userId: '1' }],
  ['photo-100', 'PhotoDeleted', { photoId: '100' }],
  ['user-2', 'UserRegistered', { userId: '2' }],
  ['photo-10', 'PhotoDeleted', { photoId: '10' }],
];
const positions: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase('feedctl_tail');
  store = new PostgresEventStore({ connectionString: db.url, maxConnections: 2 });
  env = feedctlEnv(db);
  for (const [stream, type, data] of SEED)
    positions.push(formatLogPosition((await appendOne(store, stream, type, data)).position));
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

const tail = (...args: string[]) => runFeedctl(['events', 'tail', '--no-follow', ...args], env);
/** The positions of the lines printed (each line starts with its event's position). */
const printed = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split(' ')[0]);
const seeded = (...indexes: number[]) => indexes.map((i) => positions[i]);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('feedctl events tail --no-follow', () => {
  it('prints the last 10 events by default, oldest first, one line each, and exits 0', async () => {
    const run = await tail();
    expect(run.code).toBe(0);
    expect(printed(run.stdout)).toEqual(seeded(...range(2, 11)));
    const line = run.stdout.split('\n')[0];
    expect(line).toMatch(
      /^\d+-\d+ +\d{4}-\d\d-\d\dT[\d:.]+Z +photo-10 +r0 +PhotoPosted +\{"photoId":"10"\}$/,
    );
  });

  it('--last n starts n events back; --last 0 prints nothing', async () => {
    expect(printed((await tail('--last', '3')).stdout)).toEqual(seeded(9, 10, 11));
    const none = await tail('--last', '0');
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
  });

  it('--from starts at that position, inclusive; 0-0 is the whole log', async () => {
    expect(printed((await tail('--from', positions[8])).stdout)).toEqual(seeded(8, 9, 10, 11));
    expect(printed((await tail('--from', '0-0')).stdout)).toEqual(positions);
  });

  it('--type keeps the given types, and --last counts only those', async () => {
    const both = await tail('--type', 'PhotoLiked', 'UserFollowed', '--last', '100');
    expect(printed(both.stdout)).toEqual(seeded(4, 7, 8));
    expect(printed((await tail('--type', 'PhotoPosted', '--last', '1')).stdout)).toEqual(seeded(3));
  });

  it('--category keeps streams of those categories', async () => {
    const run = await tail('--category', 'like', 'follow', '--from', '0-0');
    expect(printed(run.stdout)).toEqual(seeded(4, 7, 8));
  });

  it('--stream keeps that stream only, not its neighbours in the category', async () => {
    const run = await tail('--stream', 'photo-10', '--from', '0-0');
    expect(printed(run.stdout)).toEqual(seeded(2, 6, 11));
    expect(run.stdout).not.toContain('photo-100');
    const revisions = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split(/ +/)[3]);
    expect(revisions).toEqual(['r0', 'r1', 'r2']);
  });

  it('--stream with --last, --from and --type', async () => {
    expect(printed((await tail('--stream', 'photo-10', '--last', '2')).stdout)).toEqual(
      seeded(6, 11),
    );
    expect(printed((await tail('--stream', 'photo-10', '--from', positions[5])).stdout)).toEqual(
      seeded(6, 11),
    );
    const typed = await tail('--stream', 'photo-10', '--type', 'PhotoPosted', '--last', '5');
    expect(printed(typed.stdout)).toEqual(seeded(2));
    expect((await tail('--stream', 'photo-999')).stdout).toBe('');
  });

  it('--json prints one JSON object per line: the whole event, bigints as strings', async () => {
    const run = await runFeedctl(['--json', 'events', 'tail', '--no-follow', '--last', '3'], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const views = lines.map((l) => JSON.parse(l) as EventView);
    expect(views.map((v) => v.position)).toEqual(seeded(9, 10, 11));
    expect(views[2]).toMatchObject({
      streamId: 'photo-10',
      streamRevision: '2',
      type: 'PhotoDeleted',
      schemaVersion: 1,
      data: { photoId: '10' },
      metadata: {},
    });
    expect(views[2].globalPosition).toBe(positions[11].split('-')[1]);
    expect(new Date(views[2].recordedAt).toISOString()).toBe(views[2].recordedAt);
  });

  it('never prints the data of private streams, for people or scripts', async () => {
    const human = await tail('--from', '0-0');
    const json = await runFeedctl(
      ['--json', 'events', 'tail', '--no-follow', '--from', '0-0'],
      env,
    );
    for (const out of [human.stdout, json.stdout]) {
      expect(out).not.toContain('SECRET');
      expect(out).toContain('PasswordSet'); // that they exist is no secret
      expect(out).toContain('SessionStarted');
    }
    expect(human.stdout).toMatch(/credentials-1 +r0 +PasswordSet +\[redacted\]$/m);
    const views = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as EventView);
    const privates = views.filter((v) => /^(credentials|session)-/.test(v.streamId));
    expect(privates.map((v) => v.data)).toEqual(['[redacted]', '[redacted]']);
  });
});

describe('feedctl events tail (following)', () => {
  it('prints the catch-up, then events appended after it went live; Ctrl-C ends it with 0', async () => {
    const running = startFeedctl(['--json', 'events', 'tail', '--last', '2'], env);
    await running.stderr.waitFor((t) => t.includes('following the log after'), 'going live');

    await appendOne(store, 'credentials-9', 'PasswordSet', { passwordHash: 'SECRET-LIVE' });
    const live = await appendOne(store, 'photo-500', 'PhotoPosted', { photoId: '500' });
    const livePosition = formatLogPosition(live.position);
    await running.stdout.waitFor((t) => t.includes(livePosition), 'the live event');

    running.interrupt();
    expect(await running.finished).toBe(0);
    const views = running.stdout.lines.map((l) => JSON.parse(l) as EventView);
    expect(views.map((v) => [v.position, v.streamId, v.data])).toEqual([
      [positions[10], 'user-2', { userId: '2' }],
      [positions[11], 'photo-10', { photoId: '10' }],
      [expect.any(String), 'credentials-9', '[redacted]'],
      [livePosition, 'photo-500', { photoId: '500' }],
    ]);
  });

  it('applies --stream and --type to live events too', async () => {
    const running = startFeedctl(
      ['events', 'tail', '--stream', 'photo-10', '--type', 'PhotoCaptionChanged'],
      env,
    );
    await running.stderr.waitFor((t) => t.includes('following the log after'), 'going live');
    // Appended before the one that matches: had the filter let them through, they would show first.
    await appendOne(store, 'photo-100', 'PhotoCaptionChanged', { caption: 'neighbour' });
    await appendOne(store, 'photo-10', 'PhotoLikedByAccident', { caption: 'other type' });
    await appendOne(store, 'user-10', 'PhotoCaptionChanged', { caption: 'other category' });
    await appendOne(store, 'photo-10', 'PhotoCaptionChanged', { caption: 'live' });
    await running.stdout.waitFor((t) => t.includes('"caption":"live"'), 'the matching event');

    running.interrupt();
    expect(await running.finished).toBe(0);
    expect(running.stdout.lines).toHaveLength(2);
    expect(running.stdout.lines[0]).toContain(positions[6]);
    expect(running.stdout.lines[1]).toMatch(
      /photo-10 +r4 +PhotoCaptionChanged +\{"caption":"live"\}$/,
    );
  });
});

describe('feedctl events tail: bad arguments', () => {
  it.each([
    [['--from', 'abc'], /--from.*Expected a log position/],
    [['--from', '12'], /--from.*Expected a log position/],
    [['--last', '-1'], /--last.*Expected a whole number ≥ 0/],
    [['--last', 'ten'], /--last.*Expected a whole number/],
    [['--category', 'photo-1'], /--category.*Expected a stream category/],
    [['--stream', 'photo-1', '--category', 'photo'], /cannot be used with/],
    [['--from', '1-1', '--last', '2'], /cannot be used with/],
  ])('%j: one line on stderr, exit 2, nothing read', async (args, message) => {
    const run = await runFeedctl(['events', 'tail', ...args], env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
