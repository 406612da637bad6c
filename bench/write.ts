/**
 * npm run bench -- write [--users 300] [--photos 200] [--connections 32] [--duration 10]
 *                        [--warmup 3] [--reps 3] [--skip-analyze]
 *
 * Many users liking and following through HTTP. The real api (apps/api/src/main.ts) runs as a
 * child process against a fresh, migrated bench database and the local Redis/S3, with rate limits
 * raised out of reach (a run that meets 429s measures the limiter) and LOG_LEVEL=warn.
 *
 * Seeding (not timed): --users users through POST /auth/register, then --photos photos, one per
 * user: through POST /photos when the api has it, otherwise appended straight to the log as
 * PhotoPosted by the domain's decider (what the write side would store).
 *
 * Load: autocannon, --connections connections, alternating POST /photos/:id/like and
 * POST /users/:id/follow, each with the acting user's bearer token. Every request names a
 * (user, photo) or (follower, followee) pair not used before in the run, so each one is a real
 * decision that appends one new event, not an idempotent repeat (reported if the pairs run out).
 *
 * Statistics: after the warm-up (a few thousand events) the events table is ANALYZEd, as any
 * database that has been running has been. Without it (--skip-analyze) the api's named prepared
 * statements settle on generic plans made while the table was empty (sequential scans) and keep
 * them until autovacuum's first ANALYZE, whose timing varies from run to run. Seen once: 8,962
 * seq scans reading 72 M rows in one run, Postgres at 60-90% of a core and 576-676 writes/s until
 * autovacuum analyzed, 833 after. write-check reports the seq scans on events during the measured
 * runs either way (the bench's own count of Liked/Followed comes after that reading).
 *
 * Ceiling: GET /health/live of the same process (no I/O, not rate limited), same connections and
 * duration. Warm-up for both, then --reps repetitions of --duration seconds each, hello and write
 * interleaved (alternating which goes first); medians on the last line. errors = non-2xx + socket
 * errors + timeouts summed over the write runs. CPU per process (api, Postgres, Redis, this
 * process, which is autocannon), the whole machine and the rest ("other") is reported per run
 * from /proc, in percent of one core: everything shares the machine, and a busy neighbour shows.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { startApi, type ApiProcess } from './lib/api-process';
import { freshBenchDatabase } from './lib/db';
import { ensureServices } from './lib/env';
import { positiveInt } from './lib/options';
import { cpuPercent, cpuReading, machineBusyMs } from './lib/proc-cpu';
import {
  deletePhotoObjects,
  postPhotosViaApi,
  postPhotosViaLog,
  registerUsers,
  type SeedUser,
} from './lib/social-seed';
import { emit, log, median, now } from './lib/stats';

const TARGET_RATIO = 0.25;

/** The api's routes by template, from its OpenAPI document (generated from the controllers). */
async function routes(baseUrl: string): Promise<Set<string>> {
  const res = await fetch(`${baseUrl}/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /openapi.json: HTTP ${res.status}`);
  const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
  const out = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths))
    for (const method of Object.keys(ops)) out.add(`${method.toUpperCase()} ${path}`);
  return out;
}

/** The template of a route matching `pattern` (path parameters as `{name}`), or undefined. */
function findRoute(all: Set<string>, pattern: RegExp): string | undefined {
  return [...all].find((r) => pattern.test(r));
}

/** `/photos/{photoId}/like` with its one parameter filled in. */
function fill(template: string, value: string): string {
  return template.replace(/\{[^}]+\}/, encodeURIComponent(value));
}

/**
 * Distinct pairs in a fixed order: likes (user k % U, photo ⌊k / U⌋), follows (follower k % U,
 * followee follower + 1 + ⌊k / U⌋ mod U). Consecutive requests come from different users.
 * Past the last pair it wraps around (repeats, counted).
 */
class PairSequence {
  private likes = 0;
  private follows = 0;
  private turn = 0;
  repeats = 0;

  constructor(
    private readonly users: readonly SeedUser[],
    private readonly photos: readonly string[],
    private readonly likeRoute: string,
    private readonly followRoute: string,
  ) {}

  get likeCapacity(): number {
    return this.users.length * this.photos.length;
  }

  get followCapacity(): number {
    return this.users.length * (this.users.length - 1);
  }

  get issued(): { likes: number; follows: number } {
    return { likes: this.likes, follows: this.follows };
  }

  next(): { path: string; authorization: string } {
    const u = this.users.length;
    const likesLeft = this.likes < this.likeCapacity;
    const followsLeft = this.follows < this.followCapacity;
    // Half and half while both kinds have fresh pairs; then whichever has some; then repeats.
    const like = likesLeft && followsLeft ? this.turn++ % 2 === 0 : likesLeft || !followsLeft;
    if (!likesLeft && !followsLeft) this.repeats++;
    if (like) {
      const k = this.likes++ % this.likeCapacity;
      const user = this.users[k % u];
      const photo = this.photos[Math.floor(k / u)];
      return { path: fill(this.likeRoute, photo), authorization: user.authorization };
    }
    const k = this.follows++ % this.followCapacity;
    const follower = k % u;
    const followee = (follower + 1 + Math.floor(k / u)) % u;
    return {
      path: fill(this.followRoute, this.users[followee].userId),
      authorization: this.users[follower].authorization,
    };
  }
}

/** One statement on its own short-lived session; the rows. */
async function query<R extends object = Record<string, unknown>>(
  url: string,
  text: string,
): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

interface LoadOptions {
  skipAnalyze: boolean;
  userCount: number;
  photoCount: number;
  connections: number;
  duration: number;
  warmup: number;
  reps: number;
}

interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  cpu: Record<string, number>;
  ok: number;
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '300' },
      photos: { type: 'string', default: '200' },
      connections: { type: 'string', default: '32' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      reps: { type: 'string', default: '3' },
      'skip-analyze': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const userCount = positiveInt('users', values.users);
  const photoCount = positiveInt('photos', values.photos);
  const connections = positiveInt('connections', values.connections);
  const duration = positiveInt('duration', values.duration);
  const warmup = positiveInt('warmup', values.warmup);
  const reps = positiveInt('reps', values.reps);
  if (userCount < 2) throw new Error('--users must be at least 2 (follows need two users)');
  if (photoCount > userCount) throw new Error('--photos: at most one photo per user (--users)');

  const server = await ensureServices();
  const db = await freshBenchDatabase(server, 'write');
  log(`database ${db.name}; starting the api`);
  const api = await startApi({
    DATABASE_URL: db.url,
    DATABASE_DIRECT_URL: db.url,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_IP_LIMIT: '10000000',
    RATE_LIMIT_USER_LIMIT: '10000000',
    // Seeding gives each registration its own client address (X-Forwarded-For): see freshClientIp.
    TRUST_PROXY: 'true',
  });
  try {
    await runBench(api, db.url, {
      skipAnalyze: values['skip-analyze'] === true,
      userCount,
      photoCount,
      connections,
      duration,
      warmup,
      reps,
    });
  } finally {
    await api.stop();
  }
}

async function runBench(api: ApiProcess, databaseUrl: string, o: LoadOptions): Promise<void> {
  const all = await routes(api.url);
  const likeRoute = findRoute(all, /^POST \/photos\/\{[^}]+\}\/like$/);
  const followRoute = findRoute(all, /^POST \/users\/\{[^}]+\}\/follow$/);
  if (!likeRoute || !followRoute) {
    throw new Error(
      `the api has no ${[!likeRoute && 'POST /photos/{id}/like', !followRoute && 'POST /users/{id}/follow'].filter(Boolean).join(' and ')} yet (routes: ${[...all].sort().join(', ')})`,
    );
  }

  let t = now();
  const users = await registerUsers(api.url, o.userCount);
  log(`${users.length} users registered through the api in ${((now() - t) / 1000).toFixed(1)} s`);
  t = now();
  const owners = users.slice(0, o.photoCount);
  const viaApi = all.has('POST /photos');
  const photos = viaApi
    ? await postPhotosViaApi(api.url, owners)
    : await postPhotosViaLog(databaseUrl, owners);
  log(
    `${photos.length} photos posted ${viaApi ? 'through POST /photos' : 'straight to the log (the api has no POST /photos yet)'} in ${((now() - t) / 1000).toFixed(1)} s`,
  );

  try {
    await load(api, databaseUrl, o, users, photos, viaApi, likeRoute, followRoute);
  } finally {
    if (viaApi) {
      const failed = await deletePhotoObjects(photos);
      log(`deleted the seeded photos' S3 objects${failed ? ` (${failed} photos failed)` : ''}`);
    }
  }
}

async function load(
  api: ApiProcess,
  databaseUrl: string,
  o: LoadOptions,
  users: SeedUser[],
  photos: string[],
  viaApi: boolean,
  likeRoute: string,
  followRoute: string,
): Promise<void> {
  const pairs = new PairSequence(users, photos, likeRoute.slice(5), followRoute.slice(5));
  log(
    `fresh pairs: ${pairs.likeCapacity} likes, ${pairs.followCapacity} follows; ${o.connections} connections, ${o.duration} s per run`,
  );

  const bodies = new Map<number, string>();
  let unchanged = 0;
  const base = { url: api.url, connections: o.connections, timeout: 10 };
  const helloOpts = (seconds: number): autocannon.Options => ({
    ...base,
    duration: seconds,
    requests: [{ method: 'GET', path: '/health/live' }],
  });
  const writeOpts = (seconds: number): autocannon.Options => ({
    ...base,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const { path, authorization } = pairs.next();
          return { ...req, method: 'POST', path, headers: { authorization } };
        },
        // Keep one body per unexpected status, for the diagnostics below.
        // Count the writes that changed nothing (`"changed":false`: a repeat, no event).
        onResponse: (status, body) => {
          if (status >= 200 && status <= 299) {
            if (String(body).includes('"changed":false')) unchanged++;
          } else if (!bodies.has(status)) bodies.set(status, String(body).slice(0, 300));
        },
      },
    ],
  });

  const measure = async (opts: autocannon.Options): Promise<RunResult> => {
    const groups = {
      api: { pid: api.pid },
      postgres: { comm: 'postgres' },
      redis: { comm: 'redis-server' },
    };
    const before = cpuReading(groups);
    const selfBefore = process.cpuUsage();
    const machineBefore = machineBusyMs();
    const t0 = now();
    const r = await autocannon(opts);
    const elapsed = now() - t0;
    const self = process.cpuUsage(selfBefore);
    const pct = (ms: number) => Math.round((ms / elapsed) * 100);
    const cpu: Record<string, number> = {
      ...cpuPercent(before, cpuReading(groups), elapsed),
      autocannon: pct((self.user + self.system) / 1000),
      machine: pct(machineBusyMs() - machineBefore),
    };
    // Whatever else ran on the machine meanwhile (other test suites, builds): a noisy neighbour.
    cpu.other = Math.max(0, cpu.machine - cpu.api - cpu.postgres - cpu.redis - cpu.autocannon);
    const statuses = Object.fromEntries(
      Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]),
    );
    return {
      rps: Math.round(r.requests.average),
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      statuses,
      cpu,
      ok: r['2xx'],
    };
  };

  const report = (rep: number, route: 'hello' | 'write', r: RunResult) => {
    emit({
      bench: 'write-run',
      rep,
      route,
      rps: r.rps,
      p50_ms: r.p50,
      p99_ms: r.p99,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      cpu_pct: r.cpu,
    });
    log(
      `rep ${rep} ${route}: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}, cpu % of a core ${JSON.stringify(r.cpu)}`,
    );
  };

  log(`warm-up: ${o.warmup} s each`);
  await measure(helloOpts(o.warmup));
  let writeOk = (await measure(writeOpts(o.warmup))).ok;
  if (!o.skipAnalyze) {
    // See the header: give the planner statistics (and drop plans cached on the empty table).
    await query(databaseUrl, 'ANALYZE events');
    log('ANALYZE events after the warm-up');
  }
  await query(databaseUrl, `SELECT pg_stat_reset_single_table_counters('events'::regclass)`);

  const hello: RunResult[] = [];
  const write: RunResult[] = [];
  for (let rep = 1; rep <= o.reps; rep++) {
    const order: Array<'hello' | 'write'> = rep % 2 ? ['hello', 'write'] : ['write', 'hello'];
    for (const route of order) {
      const r = await measure(route === 'hello' ? helloOpts(o.duration) : writeOpts(o.duration));
      (route === 'hello' ? hello : write).push(r);
      if (route === 'write') writeOk += r.ok;
      report(rep, route, r);
    }
  }

  const errors = write.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
  if (errors > 0 || bodies.size > 0) {
    const statuses: Record<string, number> = {};
    for (const r of write)
      for (const [code, n] of Object.entries(r.statuses))
        statuses[code] = (statuses[code] ?? 0) + n;
    log(`WARNING write runs: status codes ${JSON.stringify(statuses)}`);
    for (const [status, body] of bodies) log(`  a ${status} answered: ${body}`);
  }

  // Backends report table statistics within about a second of a transaction: wait that out.
  await new Promise((r) => setTimeout(r, 1_500));
  const [scans] = await query<{ seq_scan: string; seq_tup_read: string; idx_scan: string }>(
    databaseUrl,
    `SELECT seq_scan, seq_tup_read, idx_scan FROM pg_stat_user_tables WHERE relname = 'events'`,
  );
  // Every 2xx should be one new event; requests cut off when a run stops may still commit, so the
  // log can hold a few more than the 2xx counted (never fewer).
  const rows = await query<{ type: string; n: string }>(
    databaseUrl,
    `SELECT type, count(*) AS n FROM events WHERE type IN ('Liked', 'Followed') GROUP BY type`,
  );
  const written = Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
  const events = (written.Liked ?? 0) + (written.Followed ?? 0);
  emit({
    bench: 'write-check',
    users: users.length,
    photos: photos.length,
    photos_seeded: viaApi ? 'api' : 'log',
    write_2xx: writeOk,
    liked_events: written.Liked ?? 0,
    followed_events: written.Followed ?? 0,
    repeat_requests: pairs.repeats,
    unchanged_2xx: unchanged,
    analyzed: !o.skipAnalyze,
    // On events, over the measured runs: a stream read or append should never scan the table.
    events_seq_scans: Number(scans?.seq_scan ?? 0),
    events_seq_tup_read: Number(scans?.seq_tup_read ?? 0),
    events_idx_scans: Number(scans?.idx_scan ?? 0),
  });
  if (events < writeOk - pairs.repeats)
    log(`WARNING ${writeOk} write requests answered 2xx but the log holds only ${events} events`);

  const rps = Math.round(median(write.map((r) => r.rps)));
  const helloRps = Math.round(median(hello.map((r) => r.rps)));
  const ratio = helloRps > 0 ? Math.round((rps / helloRps) * 1000) / 1000 : null;
  log(
    `target rps >= ${TARGET_RATIO} x hello_rps: ${rps} vs ${Math.round(TARGET_RATIO * helloRps)} -> ${ratio !== null && ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`,
  );
  emit({
    bench: 'write',
    rps,
    p50_ms: median(write.map((r) => r.p50)),
    p99_ms: median(write.map((r) => r.p99)),
    hello_rps: helloRps,
    errors,
    ratio,
    target_ratio: TARGET_RATIO,
    connections: o.connections,
    duration_s: o.duration,
    reps: o.reps,
  });
}
