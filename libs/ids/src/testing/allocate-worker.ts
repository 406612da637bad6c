/**
 * A separate OS process for postgres-id-allocator.int.spec.ts: allocates ids as fast as it can and
 * prints them, so the parent can check uniqueness across processes.
 *
 *   node --import tsx allocate-worker.ts <databaseUrl> <shards, comma-separated> <singles> <batchTotal>
 *
 * Per shard, two lanes run at once: one calls next() `singles` times (many tiny contended calls),
 * the other calls nextMany() with mixed sizes, including ones over 1024, until `batchTotal` ids.
 * Protocol: prints "ready" once connected, waits for a line on stdin (so every worker starts at the
 * same moment), then prints "<lane> <id>" per id in the order its lane received them, then "done".
 */
import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import { PostgresIdAllocator } from '../postgres-id-allocator';

const BATCH_SIZES = [1, 2, 5, 64, 1, 3, 300, 1030, 7];

async function main(): Promise<void> {
  const [databaseUrl, shardList, singlesArg, batchTotalArg] = process.argv.slice(2);
  const shards = shardList.split(',').map(Number);
  const singles = Number(singlesArg);
  const batchTotal = Number(batchTotalArg);

  const pool = new Pool({ connectionString: databaseUrl, max: shards.length * 2 });
  const allocator = new PostgresIdAllocator(pool);
  // Open every connection before the start signal, so connecting is not what staggers the workers.
  await Promise.all(Array.from({ length: shards.length * 2 }, () => pool.query('SELECT 1')));
  process.stdout.write('ready\n');
  await firstLineOfStdin();

  const lines: string[] = [];
  const singlesLane = async (shard: number) => {
    for (let i = 0; i < singles; i++) lines.push(`s${shard} ${await allocator.next(shard)}`);
  };
  const batchLane = async (shard: number) => {
    for (let n = 0, i = 0; n < batchTotal; i++) {
      const size = Math.min(BATCH_SIZES[i % BATCH_SIZES.length], batchTotal - n);
      for (const id of await allocator.nextMany(shard, size)) lines.push(`b${shard} ${id}`);
      n += size;
    }
  };
  await Promise.all(shards.flatMap((shard) => [singlesLane(shard), batchLane(shard)]));
  await pool.end();
  process.stdout.write(`${lines.join('\n')}\ndone\n`);
}

function firstLineOfStdin(): Promise<void> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.once('line', () => {
      rl.close();
      resolve();
    });
  });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
