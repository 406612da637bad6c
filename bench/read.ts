/**
 * npm run bench -- read [--events 200000] [--batch 1000] [--fill-batch 100] [--fill-writers 4]
 *                       [--reps 3] [--stores ours,emmett]
 *
 * Catch-up read of the whole global log. A fresh database every run (simpler than reusing one):
 * ours and Emmett are filled with the same events (--fill-batch per append, one new stream per
 * append, one writer by default; the fill is reported but not part of the comparison), both tables are VACUUM ANALYZEd
 * and CHECKPOINTed, then each store reads the full log from the start in batches of --batch
 * through its own API: ours `readAll` until caughtUp, Emmett `readMessagesBatch` (what its
 * consumers use) until no messages are left. Repetitions interleaved; medians on the last line.
 *
 * Why one fill writer: Emmett 0.42 pages by `global_position > checkpoint` but orders by
 * (transaction_id, global_position). When concurrent writers commit out of sequence order its
 * reader returns some events twice and skips others (measured: 20,000 events filled by 4 writers
 * read back as 20,239 rows, 340 duplicates, 101 missing). With one writer both orders agree and
 * both readers return exactly the log, so their speeds compare like for like. A read that does not
 * return exactly --events events is reported (`<store>_events_read`) rather than hidden.
 */
import { parseArgs } from 'node:util';
import { freshBenchDatabase } from './lib/db';
import { ensureServices } from './lib/env';
import { positiveInt, storeList } from './lib/options';
import { emit, eps, log, medianOrNull, ratio } from './lib/stats';
import { startSubjects } from './lib/subject-process';
import type { SubjectKind } from './lib/subject-protocol';

const TABLES: Partial<Record<SubjectKind, string>> = { ours: 'events', emmett: 'emt_messages' };

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '200000' },
      batch: { type: 'string', default: '1000' },
      'fill-batch': { type: 'string', default: '100' },
      'fill-writers': { type: 'string', default: '1' },
      reps: { type: 'string', default: '3' },
      stores: { type: 'string', default: 'ours,emmett' },
    },
    strict: true,
  });
  const total = positiveInt('events', values.events);
  const batchSize = positiveInt('batch', values.batch);
  const fillBatch = positiveInt('fill-batch', values['fill-batch']);
  const fillWriters = positiveInt('fill-writers', values['fill-writers']);
  const reps = positiveInt('reps', values.reps);
  const kinds = storeList(values.stores, ['ours', 'emmett']);

  const server = await ensureServices();
  const db = await freshBenchDatabase(server, 'read');
  log(
    `database ${db.name}; ${total} events per store, read in batches of ${batchSize}, ${reps} reps`,
  );
  const subjects = await startSubjects(
    kinds,
    { connectionString: db.url, maxConnections: fillWriters },
    (kind, err) => log(`${kind} unavailable, reported as null: ${err.message.split('\n')[0]}`),
  );
  try {
    const fillRates = new Map<SubjectKind, number>();
    for (const [kind, subject] of subjects) {
      const run = await subject.fill(total, fillBatch, fillWriters);
      const stored = await db.count(TABLES[kind]!);
      if (stored !== total)
        throw new Error(`${kind}: filled ${total} events but ${TABLES[kind]} holds ${stored}`);
      fillRates.set(kind, eps(run.events, run.elapsedMs));
      log(
        `fill ${kind}: ${run.events} events in ${run.appends} appends, ${(run.elapsedMs / 1000).toFixed(1)} s`,
      );
    }
    for (const kind of subjects.keys()) await db.exec(`VACUUM ANALYZE ${TABLES[kind]}`);
    await db.exec('CHECKPOINT');

    const runs = new Map<SubjectKind, number[]>(kinds.map((k) => [k, []]));
    const wrongCounts = new Map<SubjectKind, number>();
    for (let rep = 1; rep <= reps; rep++) {
      for (const [kind, subject] of subjects) {
        const run = await subject.read(batchSize);
        if (run.events !== total) {
          wrongCounts.set(kind, run.events);
          log(`WARNING ${kind}: a full read returned ${run.events} events, ${total} are stored`);
        }
        const rate = eps(run.events, run.elapsedMs);
        runs.get(kind)!.push(rate);
        log(
          `read rep ${rep} ${kind}: ${run.events} events in ${run.elapsedMs.toFixed(0)} ms = ${rate.toFixed(0)} events/s`,
        );
      }
    }
    const round = (n: number | undefined) => (n === undefined ? null : Math.round(n));
    emit({
      bench: 'read-fill',
      events: total,
      per_append: fillBatch,
      writers: fillWriters,
      ours_eps: round(fillRates.get('ours')),
      emmett_eps: round(fillRates.get('emmett')),
    });
    const ours = medianOrNull(runs.get('ours') ?? []);
    const emmett = medianOrNull(runs.get('emmett') ?? []);
    emit({
      bench: 'read',
      events: total,
      batch: batchSize,
      ours_eps: ours,
      emmett_eps: emmett,
      ratio_vs_emmett: ratio(ours, emmett),
      ...Object.fromEntries([...wrongCounts].map(([kind, n]) => [`${kind}_events_read`, n])),
    });
  } finally {
    await Promise.all([...subjects.values()].map((s) => s.close()));
  }
}
