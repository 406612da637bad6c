import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import { composeId, decodeId, IDS_PER_MS, MAX_MS, MAX_SHARD } from './codec';
import { PostgresIdAllocator } from './postgres-id-allocator';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const WORKER = join(__dirname, 'testing', 'allocate-worker.ts');

let db: TestDatabase;
let pool: Pool;
let allocator: PostgresIdAllocator;

beforeAll(async () => {
  db = await createTestDatabase('ids');
  pool = db.pool({ max: 4 });
  allocator = new PostgresIdAllocator(pool);
});

afterAll(async () => {
  await db?.drop();
});

/** Puts a shard's allocator row in a given state; a last_ms ahead of the clock makes tests exact. */
async function seed(shard: number, lastMs: number, lastSeq: number): Promise<void> {
  await pool.query(
    `INSERT INTO id_allocator (shard, last_ms, last_seq) VALUES ($1, $2, $3)
     ON CONFLICT (shard) DO UPDATE SET last_ms = EXCLUDED.last_ms, last_seq = EXCLUDED.last_seq`,
    [shard, lastMs, lastSeq],
  );
}

/** A millisecond an hour ahead of now: the clock cannot reach it during the test. */
function futureMs(): number {
  return Date.now() - Date.UTC(2026, 0, 1) + 3_600_000;
}

const parts = (id: bigint) => {
  const { ms, shard, sequence } = decodeId(id);
  return { ms, shard, sequence };
};

describe('PostgresIdAllocator', () => {
  it('gives ids of the requested shard, timed by the clock, starting a fresh ms at sequence 0', async () => {
    const before = Date.now();
    const ids = [
      await allocator.next(0),
      ...(await allocator.nextMany(4321, 5)),
      await allocator.next(MAX_SHARD),
    ];
    const after = Date.now();

    expect(ids.map((id) => decodeId(id).shard)).toEqual([
      0,
      4321,
      4321,
      4321,
      4321,
      4321,
      MAX_SHARD,
    ]);
    for (const id of ids) {
      expect(decodeId(id).timestamp.getTime()).toBeGreaterThanOrEqual(before);
      expect(decodeId(id).timestamp.getTime()).toBeLessThanOrEqual(after);
    }
    // Fresh shards: the first block starts at 0 and is contiguous.
    expect(decodeId(ids[0]).sequence).toBe(0);
    expect(ids.slice(1, 6).map((id) => decodeId(id).sequence)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(ids.slice(1, 6).map((id) => decodeId(id).ms)).size).toBe(1);
  });

  it('increases per shard with no gaps, independently of other shards', async () => {
    const byShard = new Map<number, bigint[]>([
      [10, []],
      [11, []],
    ]);
    for (let i = 0; i < 150; i++) {
      const shard = i % 2 === 0 ? 10 : 11;
      const got = i % 3 === 0 ? await allocator.nextMany(shard, 3) : [await allocator.next(shard)];
      byShard.get(shard)!.push(...got);
    }
    for (const [shard, ids] of byShard) {
      for (let i = 1; i < ids.length; i++) {
        const prev = parts(ids[i - 1]);
        const cur = parts(ids[i]);
        expect(cur.shard).toBe(shard);
        // Either the next sequence of the same ms, or a later ms starting again at 0.
        if (cur.ms === prev.ms) expect(cur.sequence).toBe(prev.sequence + 1);
        else {
          expect(cur.ms).toBeGreaterThan(prev.ms);
          expect(cur.sequence).toBe(0);
        }
        expect(ids[i]).toBeGreaterThan(ids[i - 1]);
      }
    }
  });

  it('continues from the remembered ms when the clock is behind it (clock stepped back)', async () => {
    const last = futureMs();
    await seed(20, last, 5);
    expect(parts(await allocator.next(20))).toEqual({ ms: last, shard: 20, sequence: 6 });
    expect(parts(await allocator.next(20))).toEqual({ ms: last, shard: 20, sequence: 7 });
  });

  it('fills a millisecond up to sequence 1023, then borrows the next one', async () => {
    const last = futureMs();
    await seed(21, last, 1019);
    expect((await allocator.nextMany(21, 4)).map(parts)).toEqual(
      [1020, 1021, 1022, 1023].map((sequence) => ({ ms: last, shard: 21, sequence })),
    );
    expect(parts(await allocator.next(21))).toEqual({ ms: last + 1, shard: 21, sequence: 0 });
  });

  it('never splits a block across milliseconds: a block that does not fit moves whole to the next', async () => {
    const last = futureMs();
    await seed(22, last, 1020);
    expect((await allocator.nextMany(22, 4)).map(parts)).toEqual(
      [0, 1, 2, 3].map((sequence) => ({ ms: last + 1, shard: 22, sequence })),
    );
  });

  it('splits more than 1024 ids into whole-millisecond blocks, in order', async () => {
    const last = futureMs();
    await seed(23, last, 1023);
    const expected = [
      ...Array.from({ length: 1024 }, (_, sequence) =>
        composeId({ ms: last + 1, shard: 23, sequence }),
      ),
      ...Array.from({ length: 1024 }, (_, sequence) =>
        composeId({ ms: last + 2, shard: 23, sequence }),
      ),
      ...Array.from({ length: 452 }, (_, sequence) =>
        composeId({ ms: last + 3, shard: 23, sequence }),
      ),
    ];
    expect(await allocator.nextMany(23, 2500)).toEqual(expected);
  });

  it('returns no ids for a count of 0', async () => {
    await expect(allocator.nextMany(24, 0)).resolves.toEqual([]);
  });

  it('uses the last usable millisecond, then refuses to issue an id that would not fit 63 bits', async () => {
    await seed(25, MAX_MS, 1000);
    expect(await allocator.next(25)).toBe(composeId({ ms: MAX_MS, shard: 25, sequence: 1001 }));
    await seed(25, MAX_MS, 1023);
    await expect(allocator.next(25)).rejects.toMatchObject({
      code: '22003',
      message: expect.stringMatching(/id space exhausted for shard 25/),
    });
    // The failed call reserved nothing.
    const { rows } = await pool.query(
      'SELECT last_ms::text, last_seq FROM id_allocator WHERE shard = 25',
    );
    expect(rows).toEqual([{ last_ms: String(MAX_MS), last_seq: 1023 }]);
  });

  it.each([
    ['shard -1', () => allocator.next(-1), /shard must be an integer in 0\.\.8191, got -1/],
    ['shard 8192', () => allocator.nextMany(8192, 1), /shard .*got 8192/],
    ['fractional shard', () => allocator.next(1.5), /shard .*got 1\.5/],
    ['NaN shard', () => allocator.next(NaN), /shard .*got NaN/],
    [
      'negative count',
      () => allocator.nextMany(0, -1),
      /count must be a non-negative integer, got -1/,
    ],
    ['fractional count', () => allocator.nextMany(0, 1.5), /count .*got 1\.5/],
  ])('rejects %s before reaching the database', async (_label, call, message) => {
    const queries = jest.spyOn(pool, 'query');
    try {
      await expect(call()).rejects.toThrow(RangeError);
      await expect(call()).rejects.toThrow(message);
      expect(queries).not.toHaveBeenCalled();
    } finally {
      queries.mockRestore();
    }
  });

  it.each([
    ['shard 8192', 8192, 1, /shard must be in 0\.\.8191, got 8192/],
    ['shard -1', -1, 1, /shard must be in 0\.\.8191, got -1/],
    ['shard NULL', null, 1, /shard must be in 0\.\.8191, got NULL/],
    ['count 0', 0, 0, /count must be in 1\.\.1024 .*got 0/],
    ['count 1025', 0, 1025, /count must be in 1\.\.1024 .*got 1025/],
    ['count NULL', 0, null, /count must be in 1\.\.1024 .*got NULL/],
  ])('allocate_ids() itself rejects %s', async (_label, shard, count, message) => {
    await expect(
      pool.query('SELECT * FROM allocate_ids($1, $2)', [shard, count]),
    ).rejects.toMatchObject({
      code: '22023',
      message: expect.stringMatching(message),
    });
  });
});

describe('PostgresIdAllocator across OS processes', () => {
  const WORKERS = 4;
  const SHARDS = [0, 5, MAX_SHARD]; // every worker allocates on all of them
  const SINGLES = 300; // next() calls per shard per worker
  const BATCH_TOTAL = 2500; // ids per shard per worker through nextMany(), some blocks > 1024

  it('never issues the same id twice, and each lane sees its ids increase', async () => {
    const before = Date.now();
    const workers = Array.from({ length: WORKERS }, () =>
      startWorker([db.url, SHARDS.join(','), String(SINGLES), String(BATCH_TOTAL)]),
    );
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const outputs = await Promise.all(workers.map((w) => w.finished));
    const after = Date.now();

    const seen = new Map<bigint, number>(); // id → worker
    const duplicates: string[] = [];
    outputs.forEach((lines, worker) => {
      expect(lines).toHaveLength(SHARDS.length * (SINGLES + BATCH_TOTAL));
      const lastOfLane = new Map<string, bigint>();
      for (const line of lines) {
        const [lane, text] = line.split(' ');
        const id = BigInt(text);
        const other = seen.get(id);
        if (other !== undefined) duplicates.push(`${id} (workers ${other} and ${worker})`);
        seen.set(id, worker);
        // Calls in one lane are sequential, so every later id must be larger, whoever else allocated.
        const prev = lastOfLane.get(lane);
        if (prev !== undefined && id <= prev)
          throw new Error(`lane ${worker}/${lane}: ${id} after ${prev}`);
        lastOfLane.set(lane, id);
        expect(`${decodeId(id).shard}`).toBe(lane.slice(1));
      }
    });
    expect(duplicates).toEqual([]);
    expect(seen.size).toBe(WORKERS * SHARDS.length * (SINGLES + BATCH_TOTAL));

    // Times come from the database clock; borrowing can run ahead of it by at most one ms per 1024 ids.
    const maxAhead = Math.ceil((WORKERS * (SINGLES + BATCH_TOTAL)) / IDS_PER_MS);
    const times = [...seen.keys()].map((id) => decodeId(id).timestamp.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(before);
    expect(Math.max(...times)).toBeLessThanOrEqual(after + maxAhead);

    // The proof only means something if the workers really raced: in id order, ownership of a
    // shard's ids must switch between workers many times (run one after another, it switches 3 times).
    const shard0 = [...seen.entries()]
      .filter(([id]) => decodeId(id).shard === 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, worker]) => worker);
    const switches = shard0.filter((w, i) => i > 0 && w !== shard0[i - 1]).length;
    expect(switches).toBeGreaterThan(50);
  }, 30_000);
});

interface Worker {
  ready: Promise<void>;
  go(): void;
  /** The "<lane> <id>" lines, once the worker exited cleanly. */
  finished: Promise<string[]>;
}

function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const finished = new Promise<string[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.split('\n').filter((l) => l !== '');
      if (code !== 0 || lines[0] !== 'ready' || lines.at(-1) !== 'done') {
        reject(new Error(`worker exited with ${code}: ${stderr || stdout.slice(-500)}`));
      } else {
        resolve(lines.slice(1, -1));
      }
    });
  });
  // A worker that dies before "ready" must fail the test, not hang it.
  finished.catch(() => markReady());
  return { ready, go: () => child.stdin.end('go\n'), finished };
}
