import { verify } from '@node-rs/argon2';
import { S3PhotoStorage } from '@photofeed/media';
import {
  createTestDatabase,
  loadServicesEnv,
  requireEnv,
  type TestDatabase,
} from '@photofeed/testing';
import type { Pool } from 'pg';
import { runFeedctl } from '../testing/run-feedctl';
import { demoPlan } from './demo-plan';
import { DemoWriter, noteLogger } from './demo-writer';
import { seedDemo } from './seed-demo';
import type { SeedProgress } from './seed-progress';
import type { SeedSummary } from './seed-summary';
import { writeSideConfig } from './write-side-config';

// The seed against the real services: the api's handlers write into a suite database of its own,
// photos go to the local S3 bucket. Everything is checked from the log itself.

jest.setTimeout(180_000);

const SIZES = { users: 30, photosPerUser: 2, seed: 7 };
const ARGS = ['seed', '--users', '30', '--photos-per-user', '2', '--seed', '7'];
const plan = demoPlan({ ...SIZES, batch: 0 });

interface LoggedEvent {
  type: string;
  stream_id: string;
  data: Record<string, unknown>;
  metadata: { correlationId?: string };
}

class SuiteLog {
  readonly pool: Pool;
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly db: TestDatabase) {
    this.pool = db.pool({ max: 2 });
    this.env = {
      ...process.env,
      DATABASE_URL: db.url,
      SHARD_DATABASE_URLS: db.url,
      FEED_CELEBRITY_FOLLOWERS: '10',
    };
    delete this.env.DATABASE_DIRECT_URL;
  }

  /** The whole log in order (straight from the table: no read horizon to wait behind). */
  async events(): Promise<LoggedEvent[]> {
    const { rows } = await this.pool.query<LoggedEvent>(
      'SELECT type, stream_id, data, metadata FROM events ORDER BY global_position',
    );
    return rows;
  }

  async count(type: string): Promise<number> {
    return (await this.events()).filter((e) => e.type === type).length;
  }

  /** The demo as the log has it, by username, so two databases (other ids) compare. */
  async demo() {
    const events = await this.events();
    const username = new Map<string, string>();
    for (const e of events)
      if (e.type === 'UserRegistered') username.set(String(e.data.userId), String(e.data.username));
    const photoTag = new Map<string, string>(); // photo id → the seed's step that posted it
    for (const e of events)
      if (e.type === 'PhotoPosted')
        photoTag.set(String(e.data.photoId), e.metadata.correlationId ?? '?');
    const of = (type: string, f: (e: LoggedEvent) => string) =>
      events
        .filter((e) => e.type === type)
        .map(f)
        .sort();
    return {
      users: [...username.values()].sort(),
      follows: of('Followed', (e) =>
        [e.data.followerId, e.data.followeeId].map((id) => username.get(String(id))).join(' > '),
      ),
      photos: of('PhotoPosted', (e) => `${e.metadata.correlationId} ${e.data.caption}`),
      likes: of(
        'Liked',
        (e) =>
          `${username.get(String(e.data.userId))} likes ${photoTag.get(String(e.data.photoId))}`,
      ),
    };
  }
}

const storage = S3PhotoStorage.fromConfig({
  endpoint: requireEnv('S3_ENDPOINT'),
  region: requireEnv('S3_REGION'),
  accessKeyId: requireEnv('S3_ACCESS_KEY_ID'),
  secretAccessKey: requireEnv('S3_SECRET_ACCESS_KEY'),
  bucket: requireEnv('S3_BUCKET'),
  forcePathStyle: true,
});

let first: SuiteLog;
let second: SuiteLog;
beforeAll(async () => {
  loadServicesEnv();
  first = new SuiteLog(await createTestDatabase('seed_a'));
  second = new SuiteLog(await createTestDatabase('seed_b'));
});
afterAll(async () => {
  for (const log of [first, second]) {
    if (!log) continue;
    // The bucket is shared by every suite: take the demo's photos out again.
    const posted = (await log.events()).filter((e) => e.type === 'PhotoPosted');
    for (const e of posted) await storage.deletePhoto(String(e.data.photoId));
    await log.db.drop();
  }
});

const summaryOf = (stdout: string) => JSON.parse(stdout) as SeedSummary;

describe('feedctl seed', () => {
  let seeded: SeedSummary;

  it("writes the planned demo through the api's handlers", async () => {
    const run = await runFeedctl(['--json', ...ARGS], first.env);
    expect(run.code).toBe(0);
    seeded = summaryOf(run.stdout);
    expect(seeded).toMatchObject({
      status: 'seeded',
      users: { total: 30, written: 30 },
      photos: { total: 60, written: 60 },
      follows: { total: plan.follows.length, written: plan.follows.length },
      likes: { total: plan.likes.length, written: plan.likes.length },
    });

    const events = await first.events();
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('UserRegistered')).toBe(30);
    // The registration handler's other streams: what only the real command writes.
    expect(count('UsernameClaimed')).toBe(30);
    expect(count('PasswordSet')).toBe(30);
    expect(count('ProfileUpdated')).toBe(30);
    expect(count('PhotoPosted')).toBe(60);
    expect(count('Followed')).toBe(plan.follows.length);
    expect(count('Liked')).toBe(plan.likes.length);

    const demo = await first.demo();
    expect(demo.users).toEqual(plan.users.map((u) => u.username).sort());
    const planned = plan.follows
      .map((f) => `${plan.users[f.follower].username} > ${plan.users[f.followee].username}`)
      .sort();
    expect(demo.follows).toEqual(planned);
  });

  it('uploads every size of every photo to S3', async () => {
    const posted = (await first.events()).filter((e) => e.type === 'PhotoPosted');
    const keys = posted.flatMap((e) => Object.values(e.data.objects as Record<string, string>));
    expect(keys).toHaveLength(60 * 4);
    const found = await Promise.all(keys.map((key) => storage.exists(key)));
    expect(found.filter((exists) => !exists)).toEqual([]);
  });

  it('gives some photos, not all, a location in a real city', async () => {
    const posted = (await first.events()).filter((e) => e.type === 'PhotoPosted');
    const located = posted.filter((e) => e.data.location !== undefined);
    expect(located.length).toBe(plan.photos.filter((p) => p.location).length);
    expect(located.length).toBeGreaterThan(0);
    expect(located.length).toBeLessThan(posted.length);
    for (const e of located)
      expect(e.data.location).toEqual({
        lat: expect.any(Number),
        lng: expect.any(Number),
        placeName: expect.stringMatching(
          /, (Lisbon|San Francisco|Tokyo|São Paulo|Cape Town|Reykjavík|New York|Berlin)$/,
        ),
      });
  });

  it('makes a heavy-tailed follower graph, with celebrities above a low threshold', async () => {
    const followers = new Map<string, number>();
    for (const e of (await first.events()).filter((e) => e.type === 'Followed'))
      followers.set(String(e.data.followeeId), (followers.get(String(e.data.followeeId)) ?? 0) + 1);
    const counts = [...followers.values()];
    while (counts.length < 30) counts.push(0);
    counts.sort((a, b) => a - b);
    const median = counts[15];
    expect(counts[29]).toBeGreaterThanOrEqual(3 * Math.max(1, median));
    expect(seeded.celebrities).toBe(counts.filter((n) => n > 10).length);
    expect(seeded.celebrities).toBeGreaterThan(0);
  });

  it('prints logins that work: the password in the log is the demo password', async () => {
    const [login] = seeded.logins;
    expect(login.followers).toBe(seeded.maxFollowers);
    const events = await first.events();
    const claim = events.find(
      (e) => e.type === 'UsernameClaimed' && e.data.username === login.username,
    );
    const credentials = events.find(
      (e) => e.type === 'PasswordSet' && e.data.userId === claim?.data.userId,
    );
    expect(await verify(String(credentials?.data.passwordHash), login.password)).toBe(true);
  });

  it('writes nothing the second time, and says why', async () => {
    const before = await first.events();
    const run = await runFeedctl(ARGS, first.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Demo data already there (batch 0 of seed 7');
    expect(run.stdout).toContain(seeded.logins[0].username);
    expect(await first.events()).toEqual(before);
  });

  it('adds a batch with new usernames with --force', async () => {
    const run = await runFeedctl(
      ['--json', 'seed', '--users', '3', '--photos-per-user', '1', '--seed', '7', '--force'],
      first.env,
    );
    expect(run.code).toBe(0);
    expect(summaryOf(run.stdout)).toMatchObject({ status: 'seeded', batch: 1 });
    const users = (await first.demo()).users;
    expect(users).toHaveLength(33);
    expect(users.filter((u) => u.endsWith('_s7b1'))).toHaveLength(3);
    expect(await first.count('PhotoPosted')).toBe(63);
  });

  it('completes an interrupted seed to the same demo: same seed, same usernames, graph, photos and likes', async () => {
    // Stop in the middle of the photos (the one step whose ids the handler allocates anew).
    const abort = new AbortController();
    let phase = '';
    let photosPosted = 0;
    const progress: SeedProgress = {
      phase: (name) => (phase = name),
      tick: () => {
        if (phase === 'posting photos' && ++photosPosted === 10) abort.abort();
      },
      end: () => undefined,
    };
    const writer = await DemoWriter.open(
      writeSideConfig(second.env),
      noteLogger(() => undefined),
    );
    try {
      const interrupted = await seedDemo(
        { writer, signal: abort.signal, progress, celebrityFollowers: 10 },
        { ...SIZES, force: false, password: 'photofeed-demo' },
      );
      expect(interrupted.status).toBe('interrupted');
    } finally {
      await writer.close();
    }
    const midway = await second.count('PhotoPosted');
    expect(midway).toBeGreaterThanOrEqual(10);
    expect(midway).toBeLessThan(60);
    expect(await second.count('Liked')).toBe(0);

    // Asked for another size, it finishes the batch as it was started.
    const run = await runFeedctl(['--json', 'seed', '--users', '5', '--seed', '7'], second.env);
    expect(run.code).toBe(0);
    const resumed = summaryOf(run.stdout);
    expect(resumed).toMatchObject({
      status: 'resumed',
      users: { total: 30, written: 0 },
      photos: { total: 60, written: 60 - midway },
      follows: { written: 0 },
      likes: { written: plan.likes.length },
    });

    const [a, b] = await Promise.all([first.demo(), second.demo()]);
    const batch0 = (lines: string[]) => lines.filter((l) => !/_s7b1|feedctl-seed:7:1:/.test(l));
    expect(b.users).toEqual(batch0(a.users));
    expect(b.follows).toEqual(batch0(a.follows));
    expect(b.photos).toEqual(batch0(a.photos));
    expect(b.likes).toEqual(batch0(a.likes));
    expect(new Set(b.photos).size).toBe(60); // each photo once
  });
});
