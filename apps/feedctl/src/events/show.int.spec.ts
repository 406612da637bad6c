import { formatLogPosition, PostgresEventStore } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import { runFeedctl } from '../testing/run-feedctl';
import type { EventView } from './event-view';
import { appendOne, feedctlEnv } from './test-support';

let db: TestDatabase;
let store: PostgresEventStore;
let env: NodeJS.ProcessEnv;
const photoPositions: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase('feedctl_show');
  store = new PostgresEventStore({ connectionString: db.url, maxConnections: 2 });
  env = feedctlEnv(db);
  for (const [i, caption] of ['first', 'second', 'third', 'fourth'].entries()) {
    const type = i === 0 ? 'PhotoPosted' : 'PhotoCaptionChanged';
    photoPositions.push(
      formatLogPosition((await appendOne(store, 'photo-7', type, { caption })).position),
    );
    await appendOne(store, 'photo-70', 'PhotoPosted', { caption: 'neighbour' });
  }
  await appendOne(store, 'session-3', 'SessionStarted', { refreshTokenHash: 'SECRET-HASH' });
  await appendOne(store, 'session-3', 'SessionRevoked', { reason: 'logout' });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

const show = (...args: string[]) => runFeedctl(['events', 'show', ...args], env);
const showJson = async (...args: string[]) => {
  const run = await runFeedctl(['--json', 'events', 'show', ...args], env);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as EventView[];
};
const captions = (views: EventView[]) => views.map((v) => (v.data as { caption: string }).caption);

describe('feedctl events show', () => {
  it('prints every event of the stream, in revision order, as a table', async () => {
    const run = await show('photo-7');
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').filter((l) => l.startsWith('│') && !l.includes('rev'));
    expect(rows).toHaveLength(4);
    // Columns pad to the widest cell, and later positions may be longer than the first.
    expect(rows[0]).toMatch(
      new RegExp(
        `│ +0 │ ${photoPositions[0]} +│ \\S+Z │ PhotoPosted +│ \\{"caption":"first"\\} +│`,
      ),
    );
    expect(rows[3]).toContain('{"caption":"fourth"}');
    expect(run.stdout).not.toContain('neighbour');
  });

  it('--json prints one array of whole events, bigints as strings', async () => {
    const views = await showJson('photo-7');
    expect(views.map((v) => v.streamRevision)).toEqual(['0', '1', '2', '3']);
    expect(views.map((v) => v.position)).toEqual(photoPositions);
    expect(views[1]).toMatchObject({
      streamId: 'photo-7',
      type: 'PhotoCaptionChanged',
      schemaVersion: 1,
      data: { caption: 'second' },
    });
  });

  it('--from-revision, --limit and --backwards choose the window', async () => {
    expect(captions(await showJson('photo-7', '--from-revision', '2'))).toEqual([
      'third',
      'fourth',
    ]);
    expect(captions(await showJson('photo-7', '--limit', '2'))).toEqual(['first', 'second']);
    expect(captions(await showJson('photo-7', '--backwards'))).toEqual([
      'fourth',
      'third',
      'second',
      'first',
    ]);
    expect(
      captions(await showJson('photo-7', '--backwards', '--from-revision', '2', '--limit', '2')),
    ).toEqual(['third', 'second']);
  });

  it('redacts the data of a private stream, in the table and in JSON', async () => {
    const table = await show('session-3');
    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain('SECRET');
    expect(table.stdout).toMatch(/SessionStarted +│ \[redacted\]/);
    const views = await showJson('session-3');
    expect(views.map((v) => [v.type, v.data])).toEqual([
      ['SessionStarted', '[redacted]'],
      ['SessionRevoked', '[redacted]'],
    ]);
  });

  it('a stream that does not exist: a clear message and exit code 1', async () => {
    const human = await show('photo-999');
    const json = await runFeedctl(['--json', 'events', 'show', 'photo-999'], env);
    for (const run of [human, json]) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toBe('feedctl: stream "photo-999" does not exist');
    }
  });

  it('a window past the end of a stream that exists: nothing, a note, exit 0', async () => {
    const run = await show('photo-7', '--from-revision', '10');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('(none)');
    expect(run.stderr).toContain("the stream's revisions are 0..3");
  });

  it.each([
    [['photo-7', '--limit', '-1'], /--limit.*Expected a whole number ≥ 1/],
    [['photo-7', '--limit', '0'], /--limit.*Expected a whole number ≥ 1/],
    [['photo-7', '--from-revision', 'x'], /--from-revision.*Expected a stream revision/],
    [[], /missing required argument 'streamId'/],
  ])('bad arguments %j: one line on stderr, exit 2', async (args, message) => {
    const run = await show(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
