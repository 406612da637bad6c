import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@photofeed/event-store';
import { shardOf } from '@photofeed/ids';
import { readModelSchemaSet } from '@photofeed/read-models';
import { ShardMap } from '@photofeed/shards';
import { ReplayFixture, type SignedIn } from './testing/replay-fixture';
import { EXIT } from './exit-codes';

// The promise of the system, end to end: every view is a function of the log. Demo data goes in
// through the command handlers (feedctl seed); the api answers; the views are destroyed; feedctl
// rebuilds them; the api answers the same, byte for byte. Then the operators' other tools on the
// same system: a rebuild under load, a rebuild killed half-way, verify, parked events.

jest.setTimeout(240_000);

const ROOT = join(__dirname, '..', '..', '..');
const DEMO_PASSWORD = 'photofeed-demo';
let sys: ReplayFixture;
let users: SignedIn[];
let head: string;
let answers: Map<string, string>;

beforeAll(async () => {
  sys = await ReplayFixture.start();
  const seeded = await sys.feedctl(
    'seed',
    '--users',
    '24',
    '--photos-per-user',
    '1',
    '--seed',
    '11',
    '--password',
    DEMO_PASSWORD,
  );
  expect(seeded).toMatchObject({ code: EXIT.ok });
  users = await sys.signInEveryone(DEMO_PASSWORD);
  head = await sys.head();
  answers = await recordAnswers();
});
afterAll(async () => {
  await sys?.close();
});

/** Every user's feed, activity, profile and lists, and every photo they show, as bytes. */
async function recordAnswers(): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const read = async (path: string, user: SignedIn) => {
    const sep = path.includes('?') ? '&' : '?';
    const { status, body } = await sys.get(`${path}${sep}minPosition=${head}`, user);
    expect({ path, status, body: status === 200 ? '' : body }).toEqual({
      path,
      status: 200,
      body: '',
    });
    expect(JSON.parse(body).consistency).toMatchObject({ reached: true });
    seen.set(`${user.userId} ${path}`, body);
    return JSON.parse(body) as { items: { id?: string }[] };
  };
  for (const user of users) {
    const feed = await read('/feed?limit=50', user);
    await read('/activity?limit=50', user);
    for (const path of ['', '/photos', '/followers?limit=100', '/following?limit=100'])
      await read(`/users/${user.userId}${path}`, user);
    for (const photo of feed.items.slice(0, 3)) {
      await read(`/photos/${photo.id}`, user);
      await read(`/photos/${photo.id}/likes`, user);
    }
  }
  return seen;
}

it('rebuilds every view from the log after they were destroyed: the same answers, byte for byte', async () => {
  expect(answers.size).toBeGreaterThan(users.length * 6);
  const feeds = [...answers].filter(([k]) => k.endsWith('/feed?limit=50'));
  expect(feeds.some(([, body]) => JSON.parse(body).items.length > 3)).toBe(true);

  // Destroy: every Redis key (reader state too) and every read model's schemas and checkpoints.
  await sys.flushRedis();
  const map = new ShardMap({
    logicalShards: Number(sys.env.SHARD_COUNT),
    databases: sys.shardPools.map((_p, i) => `postgres://db${i}`),
  });
  for (const [db, pool] of sys.shardPools.entries()) {
    const schemas = map.schemasOn(db).map((s) => `"${s}"`);
    await pool.query(`DROP SCHEMA ${schemas.join(', ')} CASCADE`);
    await pool.query('DELETE FROM projection_checkpoints');
  }
  await sys.logPool.query('DELETE FROM projection_checkpoints');

  const rebuilt = await sys.feedctl('--json', 'rebuild', '--all', '--grace', '1');
  expect(rebuilt.code).toBe(EXIT.ok);
  const summary = JSON.parse(rebuilt.stdout) as { completed: boolean; views: { to: number }[] };
  expect(summary.completed).toBe(true);
  expect(summary.views.map((v) => v.to)).toEqual([2, 2, 2, 2]);

  const again = await recordAnswers();
  expect(again.size).toBe(answers.size);
  for (const [key, body] of answers) expect({ key, body: again.get(key) }).toEqual({ key, body });
});

it('keeps serving complete feeds while a rebuild fills and switches every view', async () => {
  const feedOf = new Map(
    users.map((u) => [u, answers.get(`${u.userId} /feed?limit=50`)!] as const),
  );
  let reads = 0;
  let done = false;
  const problems: string[] = [];
  const reader = (async () => {
    while (!done || reads < 50) {
      for (const [user, expected] of feedOf) {
        const { status, body } = await sys.get(`/feed?limit=50&minPosition=${head}`, user);
        reads++;
        if (status !== 200 || body !== expected)
          problems.push(`${user.userId}: ${status} ${body.slice(0, 120)}`);
      }
    }
  })();
  const rebuilt = await sys.feedctl('--json', 'rebuild', '--all', '--grace', '1');
  done = true;
  await reader;
  expect(rebuilt.code).toBe(EXIT.ok);
  expect(JSON.parse(rebuilt.stdout).views.map((v: { to: number }) => v.to)).toEqual([3, 3, 3, 3]);
  expect(problems).toEqual([]);
  expect(reads).toBeGreaterThan(users.length);
  const status = JSON.parse((await sys.feedctl('--json', 'status')).stdout) as {
    projections: { version: number; role: string; lockHeld: boolean }[];
  };
  // The api's own projector took the new versions over; the old ones are gone.
  expect(status.projections.map((p) => [p.version, p.role, p.lockHeld])).toEqual(
    status.projections.map(() => [3, 'active', true]),
  );
});

it('resumes a rebuild killed with SIGKILL half-way; verify then finds no difference', async () => {
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      'apps/feedctl/src/main.ts',
      'rebuild',
      '--all',
      '--batch',
      '10',
      '--max-rate',
      '150',
    ],
    { cwd: ROOT, env: sys.env, stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Half-way: version 4 has committed some batches, and is far from the head.
  const total = Number(head.split('-')[1]);
  for (;;) {
    const { rows } = await sys.logPool.query<{ seq: string }>(
      "SELECT seq::text FROM projection_checkpoints WHERE name = 'home-feed' AND version = 4",
    );
    const seq = Number(rows[0]?.seq ?? 0);
    if (seq > total / 4) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  await exited;

  const interrupted = JSON.parse((await sys.feedctl('--json', 'status')).stdout) as {
    versions: { building: number | null }[];
    projections: { version: number; operatorState: string }[];
  };
  expect(interrupted.versions.map((v) => v.building)).toEqual([4, 4, 4, 4]);
  expect(
    interrupted.projections.filter((p) => p.version === 4).map((p) => p.operatorState),
  ).toContain('interrupted');

  const resumed = await sys.feedctl('--json', 'rebuild', '--all', '--grace', '1');
  expect(resumed.code).toBe(EXIT.ok);
  const summary = JSON.parse(resumed.stdout) as { eventsRead: number; views: { to: number }[] };
  expect(summary.views.map((v) => v.to)).toEqual([4, 4, 4, 4]);
  const { rows } = await sys.logPool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  expect(summary.eventsRead).toBeLessThan(rows[0].n); // it went on from where it was killed

  const verified = await sys.feedctl('--json', 'verify', '--all');
  expect(verified.code).toBe(EXIT.ok);
  const results = JSON.parse(verified.stdout) as { differences: { count: number } }[];
  expect(results.map((r) => r.differences.count)).toEqual([0, 0, 0, 0]);
});

it('verify finds a difference planted in a live view (shard rows, Redis keys)', async () => {
  const victim = users[0].userId;
  const schema = activeSchemaOf(BigInt(victim), 4);
  const pool = shardPoolOf(BigInt(victim));
  await pool.query(
    `UPDATE "${schema}".users SET follower_count = follower_count + 7 WHERE user_id = $1`,
    [victim],
  );
  const models = await sys.feedctl('--json', 'verify', 'read-models');
  expect(models.code).toBe(EXIT.failed);
  const [found] = JSON.parse(models.stdout) as {
    differences: { count: number; samples: { part: string; detail: string }[] };
  }[];
  expect(found.differences.count).toBe(2); // the planted row, and the true one it replaced
  expect(found.differences.samples[0].part).toContain('.users');
  expect(found.differences.samples.some((s) => s.detail.includes(victim))).toBe(true);
  await pool.query(
    `UPDATE "${schema}".users SET follower_count = follower_count - 7 WHERE user_id = $1`,
    [victim],
  );

  const key = `${sys.keyPrefix}home-feed:v4:followers:${victim}`;
  await sys.redis.sadd(key, '999999');
  const feed = await sys.feedctl('--json', 'verify', 'home-feed');
  expect(feed.code).toBe(EXIT.failed);
  const [feedFound] = JSON.parse(feed.stdout) as {
    differences: { count: number; samples: { part: string }[] };
  }[];
  expect(feedFound.differences.count).toBe(1);
  expect(feedFound.differences.samples[0].part).toBe(`followers:${victim}`);
  await sys.redis.srem(key, '999999');
  expect((await sys.feedctl('verify', '--all')).code).toBe(EXIT.ok);
});

it('parks a malformed event and goes on; parked skip removes it', async () => {
  const store = new PostgresEventStore({ pool: sys.logPool });
  const photoId = (BigInt(users[1].userId) + 1n).toString();
  await store.append(`photo-${photoId}`, [
    // Written straight into the log: no decider would let this through.
    { id: randomUUID(), type: 'PhotoPosted', data: { photoId, ownerId: 'not-an-id' } },
  ]);
  // The projections go on: a later write by the api is seen by every view.
  const after = await sys.kit.write(users[2], 'POST', `/users/${users[3].userId}/follow`);
  const profile = await sys.get(`/users/${users[3].userId}?minPosition=${after}`, users[2]);
  expect(JSON.parse(profile.body).consistency).toMatchObject({ reached: true });

  const listed = await sys.feedctl('--json', 'parked', 'list');
  const parked = JSON.parse(listed.stdout) as {
    id: string;
    projection: string;
    error: string;
    event: { type: string; data: { ownerId: string } };
  }[];
  expect(parked.length).toBeGreaterThanOrEqual(2);
  for (const p of parked) {
    expect(p.event).toMatchObject({ type: 'PhotoPosted', data: { ownerId: 'not-an-id' } });
    expect(p.error).not.toBe('');
  }
  expect(parked.map((p) => p.projection)).toEqual(expect.arrayContaining(['home-feed']));
  for (const p of parked) expect((await sys.feedctl('parked', 'skip', p.id)).code).toBe(EXIT.ok);
  expect(JSON.parse((await sys.feedctl('--json', 'parked', 'list')).stdout)).toEqual([]);
});

it('parks an event its view could not take, and parked retry applies it once fixed', async () => {
  const owner = users[4];
  const schema = activeSchemaOf(BigInt(owner.userId), 4);
  const pool = shardPoolOf(BigInt(owner.userId));
  // A broken environment, not a broken event: the shard refuses new photos.
  await pool.query(`
    CREATE FUNCTION "${schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'photos are refused here today'; END $$;
    CREATE TRIGGER refuse BEFORE INSERT ON "${schema}".photos
      FOR EACH ROW EXECUTE FUNCTION "${schema}".refuse();`);
  const { photoId, position } = await sys.kit.post(owner, 'parked for a while');
  // Past its position (reached: the checkpoint moved past it only once it was parked): no photo.
  const missing = await sys.get(`/photos/${photoId}?minPosition=${position}`, owner);
  expect(missing.status).toBe(404);

  const [parked] = JSON.parse(
    (await sys.feedctl('--json', 'parked', 'list', 'read-models')).stdout,
  ) as {
    id: string;
    error: string;
  }[];
  expect(parked.error).toContain('photos are refused here today');
  expect((await sys.feedctl('parked', 'retry', parked.id)).code).toBe(EXIT.failed); // still broken

  await pool.query(`DROP TRIGGER refuse ON "${schema}".photos`);
  const retried = await sys.feedctl('parked', 'retry', parked.id);
  expect(retried).toMatchObject({ code: EXIT.ok });
  expect(retried.stdout).toContain('applied');
  const photo = await sys.get(`/photos/${photoId}`, owner);
  expect(photo.status).toBe(200);
  expect(JSON.parse(photo.body)).toMatchObject({ id: photoId, caption: 'parked for a while' });
  expect(JSON.parse((await sys.feedctl('--json', 'parked', 'list')).stdout)).toEqual([]);
});

function activeSchemaOf(id: bigint, version: number): string {
  const map = new ShardMap({
    logicalShards: Number(sys.env.SHARD_COUNT),
    databases: sys.shardPools.map((_p, i) => `postgres://db${i}`),
  }).withSchemaSet(readModelSchemaSet(version));
  return map.schemaFor(shardOf(id));
}

function shardPoolOf(id: bigint) {
  const map = new ShardMap({
    logicalShards: Number(sys.env.SHARD_COUNT),
    databases: sys.shardPools.map((_p, i) => `postgres://db${i}`),
  });
  return sys.shardPools[map.databaseFor(shardOf(id))];
}
