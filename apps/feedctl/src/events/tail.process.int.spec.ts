import { formatLogPosition, PostgresEventStore } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { appendOne, Captured, feedctlEnv } from './test-support';

// feedctl as operators run it, a process of its own: a real Ctrl-C (SIGINT), a real pipe.

const ROOT = join(__dirname, '..', '..', '..', '..');

let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('feedctl_tail_process');
  store = new PostgresEventStore({ connectionString: db.url, maxConnections: 2 });
  for (let i = 0; i < 3; i++) await appendOne(store, `photo-${i}`, 'PhotoPosted', { i });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

function feedctl(args: string[]): {
  child: ChildProcessWithoutNullStreams;
  stdout: Captured;
  stderr: Captured;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
} {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/feedctl/src/main.ts', ...args],
    { cwd: ROOT, env: feedctlEnv(db) },
  );
  const stdout = new Captured();
  const stderr = new Captured();
  child.stdout.pipe(stdout.stream);
  child.stderr.pipe(stderr.stream);
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, stdout, stderr, exit };
}

it('tail: catch-up, then a live event; Ctrl-C stops it cleanly with exit code 0', async () => {
  const tail = feedctl(['events', 'tail']);
  try {
    await tail.stderr.waitFor((t) => t.includes('following the log after'), 'going live', 30_000);
    expect(tail.stdout.lines.map((l) => l.split(/ +/)[2])).toEqual([
      'photo-0',
      'photo-1',
      'photo-2',
    ]);

    const live = await appendOne(store, 'photo-live', 'PhotoPosted', { live: true });
    await tail.stdout.waitFor(
      (t) => t.includes(formatLogPosition(live.position)),
      'the live event',
    );

    tail.child.kill('SIGINT');
    expect(await tail.exit).toEqual([0, null]);
    expect(tail.stdout.lines).toHaveLength(4);
    expect(tail.stderr.contents).not.toMatch(/error|at .*\.ts:\d+/i);
  } finally {
    tail.child.kill('SIGKILL');
  }
});

it('tail: a reader that goes away (| head -1) ends it quietly with exit code 0', async () => {
  // Enough events that the pipe fills before the catch-up ends.
  const caption = 'x'.repeat(2_000);
  await store.appendMany(
    Array.from({ length: 100 }, (_, i) => ({
      streamId: `photo-many-${i}`,
      events: [{ id: crypto.randomUUID(), type: 'PhotoPosted', data: { caption } }],
    })),
  );
  const tail = feedctl(['--json', 'events', 'tail', '--last', '100']);
  try {
    await tail.stdout.waitFor((t) => t.includes('\n'), 'a first line', 30_000);
    tail.child.stdout.destroy(); // what `head -1` does once it has its line
    expect(await tail.exit).toEqual([0, null]);
    expect(tail.stderr.contents).not.toMatch(/EPIPE|error/i);
  } finally {
    tail.child.kill('SIGKILL');
  }
});
