/**
 * The rebuild bench's log: a persistent database per size and logical shard count
 * (`photofeed_bench_rebuild_1000000_s64`, `..._s2048`: user ids carry their shard, so a log fits
 * one shard count), filled once with the simulated network (rebuild-log-model.ts) and kept for later runs.
 * A marker row records the generator's parameters and a hash of its source; a run with the same
 * ones reuses the log in seconds, anything else (or --fresh) regenerates it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freshBenchDatabase } from './db';
import { withDatabase } from './env';
import { SocialLogModel, type SocialLogParams } from './rebuild-log-model';
import { writeLog } from './rebuild-log-writer';
import { log } from './stats';

export interface RebuildLog {
  url: string;
  name: string;
  events: number;
  /** Users by how likely they are to be an active reader, likeliest first. */
  readerRanking: string[];
  summary: LogSummary;
  reused: boolean;
}

export interface LogSummary {
  events: number;
  appends: number;
  users: number;
  byType: Record<string, number>;
  /** Follower counts of the most-followed users, and the median. */
  topFollowers: number[];
  medianFollowers: number;
  generatedInS: number;
}

const SOURCES = [
  'rebuild-log.ts',
  'rebuild-log-model.ts',
  'rebuild-log-text.ts',
  'rebuild-log-random.ts',
  'rebuild-log-ids.ts',
  'rebuild-log-writer.ts',
];

/** Changes whenever the generator's code does: an old log is then regenerated. */
function generatorVersion(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(readFileSync(join(__dirname, file)));
  return hash.digest('hex').slice(0, 12);
}

const MARKER = `CREATE TABLE bench_rebuild_log (params jsonb NOT NULL, summary jsonb NOT NULL);
CREATE TABLE bench_rebuild_readers (rank int PRIMARY KEY, user_id bigint NOT NULL)`;

export async function ensureRebuildLog(
  server: string,
  params: SocialLogParams,
  fresh: boolean,
): Promise<RebuildLog> {
  const bench = `rebuild_${params.events}_s${params.shards}`;
  const name = `photofeed_bench_${bench}`;
  const url = withDatabase(server, name);
  const wanted = { ...params, generator: generatorVersion() };
  if (!fresh) {
    const kept = await readKept(server, url, name, wanted);
    if (kept) return { ...kept, url, name, reused: true };
  }
  log(`generating the log into ${name}: ${JSON.stringify(wanted)}`);
  const db = await freshBenchDatabase(server, bench);
  const generated = await generate(db.url, params);
  await db.exec('VACUUM (ANALYZE) events');
  await db.exec('CHECKPOINT');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(MARKER);
    await client.query(
      `INSERT INTO bench_rebuild_readers (rank, user_id)
       SELECT ord, id FROM unnest($1::bigint[]) WITH ORDINALITY AS r(id, ord)`,
      [generated.readerRanking],
    );
    // Written last: a generation cut short leaves no marker and is redone.
    await client.query('INSERT INTO bench_rebuild_log (params, summary) VALUES ($1, $2)', [
      wanted,
      generated.summary,
    ]);
  } finally {
    await client.end();
  }
  return { ...generated, url, name, events: generated.summary.events, reused: false };
}

async function generate(
  url: string,
  params: SocialLogParams,
): Promise<{ summary: LogSummary; readerRanking: string[] }> {
  const model = new SocialLogModel(params);
  const start = performance.now();
  let lastLog = start;
  const appends = await writeLog(url, model.appends(), {
    onProgress: ({ elapsedMs }) => {
      if (performance.now() - lastLog < 10_000) return;
      lastLog = performance.now();
      const rate = Math.round(model.events / (elapsedMs / 1000));
      log(`  ${model.events} of ${params.events} events, ${rate} events/s`);
    },
  });
  const followers = model.followerCounts();
  const summary: LogSummary = {
    events: model.events,
    appends,
    users: model.userCount,
    byType: Object.fromEntries([...model.counts].sort((a, b) => b[1] - a[1])),
    topFollowers: followers.slice(0, 10),
    medianFollowers: followers[followers.length >> 1],
    generatedInS: Math.round((performance.now() - start) / 100) / 10,
  };
  log(`generated ${summary.events} events in ${summary.generatedInS} s`);
  return { summary, readerRanking: model.activeReaders(1) };
}

/** The kept log, when its marker matches `wanted` and the table still holds every event. */
async function readKept(
  server: string,
  url: string,
  name: string,
  wanted: object,
): Promise<Omit<RebuildLog, 'url' | 'name' | 'reused'> | null> {
  const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  const exists = await admin
    .query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    .finally(() => admin.end());
  if (exists.rowCount === 0) return null;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const marker = await client
      .query<{ params: object; summary: LogSummary }>(
        'SELECT params, summary FROM bench_rebuild_log',
      )
      .catch(() => null);
    const row = marker?.rows[0];
    if (!row || JSON.stringify(row.params) !== JSON.stringify(sortKeys(wanted))) {
      log(`${name} holds another log (${JSON.stringify(row?.params ?? null)}): regenerating`);
      return null;
    }
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    if (rows[0].n !== row.summary.events) return null;
    const readers = await client.query<{ user_id: string }>(
      'SELECT user_id::text FROM bench_rebuild_readers ORDER BY rank',
    );
    return {
      events: rows[0].n,
      summary: row.summary,
      readerRanking: readers.rows.map((r) => r.user_id),
    };
  } finally {
    await client.end();
  }
}

/** jsonb gives keys back in its own order (shorter first, then bytewise): compare like with like. */
function sortKeys(value: object): object {
  const entries = Object.entries(value).sort(([a], [b]) =>
    a.length !== b.length ? a.length - b.length : a < b ? -1 : 1,
  );
  return Object.fromEntries(entries);
}
