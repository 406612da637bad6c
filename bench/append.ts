/**
 * npm run bench -- append [--seconds 3.5] [--warmup 0.5] [--reps 3] [--stores ours,emmett,raw_insert] [--skip-analyze]
 *
 * Append throughput on one fresh database: ours (PostgresEventStore), Emmett 0.42, and a plain
 * INSERT into a copy of `events` (the ceiling). W concurrent writers, each appending B events to a
 * new stream per call; each store in its own process with a pool of 16. Per measurement: warm-up,
 * ANALYZE of the store's table (--skip-analyze to leave it to autovacuum), CHECKPOINT (so no store
 * pays for another's dirty pages), then a fixed window. Repetitions are interleaved between
 * stores; lines report medians. The last line is writers 16, batch 1.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { freshBenchDatabase } from './lib/db';
import { ensureServices } from './lib/env';
import { positiveInt, positiveNumber, storeList } from './lib/options';
import { emit, eps, log, medianOrNull, ratio } from './lib/stats';
import { startSubjects } from './lib/subject-process';
import type { SubjectKind } from './lib/subject-protocol';
import { PAYLOAD_BYTES } from './lib/workload';

const CONFIGS = [
  { writers: 1, batch: 1 },
  { writers: 1, batch: 10 },
  { writers: 16, batch: 10 },
  { writers: 16, batch: 1 },
] as const;

const TABLES: Record<SubjectKind, string> = {
  ours: 'events',
  emmett: 'emt_messages',
  raw_insert: 'raw_events',
};

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '3.5' },
      warmup: { type: 'string', default: '0.5' },
      reps: { type: 'string', default: '3' },
      stores: { type: 'string', default: 'ours,emmett,raw_insert' },
      'skip-analyze': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const windowMs = positiveNumber('seconds', values.seconds) * 1000;
  const warmupMs = positiveNumber('warmup', values.warmup) * 1000;
  const reps = positiveInt('reps', values.reps);
  const kinds = storeList(values.stores);
  const poolSize = Math.max(...CONFIGS.map((c) => c.writers));

  const server = await ensureServices();
  const db = await freshBenchDatabase(server, 'append');
  log(
    `database ${db.name}; payload ${PAYLOAD_BYTES} bytes; window ${windowMs} ms, warm-up ${warmupMs} ms, ${reps} reps`,
  );
  log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${cpus().length} cores)`,
  );
  const subjects = await startSubjects(
    kinds,
    { connectionString: db.url, maxConnections: poolSize },
    (kind, err) => log(`${kind} unavailable, reported as null: ${err.message.split('\n')[0]}`),
  );
  try {
    for (const { writers, batch } of CONFIGS) {
      const runs = new Map<SubjectKind, number[]>(kinds.map((k) => [k, []]));
      for (let rep = 1; rep <= reps; rep++) {
        for (const [kind, subject] of subjects) {
          await subject.append(writers, batch, warmupMs);
          // Current planner statistics, as a long-lived table has: on a fresh, fast-growing table the
          // plans a session cached while it was near-empty can seq-scan it for a long while.
          if (!values['skip-analyze']) await db.exec(`ANALYZE ${TABLES[kind]}`);
          await db.exec('CHECKPOINT');
          const before = await db.probe();
          const run = await subject.append(writers, batch, windowMs);
          const after = await db.probe();
          const rate = eps(run.events, run.elapsedMs);
          runs.get(kind)!.push(rate);
          // What one append costs the server: transaction ids taken (each one a commit record to
          // flush) and WAL bytes per event. Both include the probe's own tiny share.
          const xidsPerAppend = Number(after.nextXid - before.nextXid) / run.appends;
          const walPerEvent = Number(after.walBytes - before.walBytes) / run.events;
          log(
            `w=${writers} b=${batch} rep ${rep} ${kind}: ${run.events} events, ${run.appends} appends in ` +
              `${run.elapsedMs.toFixed(0)} ms = ${rate.toFixed(0)} events/s; ` +
              `server-wide (other sessions included): ${xidsPerAppend.toFixed(2)} xids/append, ${walPerEvent.toFixed(0)} WAL bytes/event`,
          );
        }
      }
      const ours = medianOrNull(runs.get('ours') ?? []);
      const emmett = medianOrNull(runs.get('emmett') ?? []);
      emit({
        bench: 'append',
        writers,
        batch,
        ours_eps: ours,
        emmett_eps: emmett,
        raw_insert_eps: medianOrNull(runs.get('raw_insert') ?? []),
        ratio_vs_emmett: ratio(ours, emmett),
      });
    }
    log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    // Sanity: every event a subject says it committed is in its table.
    for (const [kind, subject] of subjects) {
      const appended = await subject.appended();
      const stored = await db.count(TABLES[kind]);
      log(`${kind}: ${appended} events appended, ${stored} rows in ${TABLES[kind]}`);
      if (stored !== appended)
        throw new Error(`${kind}: appended ${appended} events but ${TABLES[kind]} holds ${stored}`);
    }
  } finally {
    await Promise.all([...subjects.values()].map((s) => s.close()));
  }
}
