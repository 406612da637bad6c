/**
 * The api as several processes on one port, standing in for compose's replicas behind nginx
 * (docker/compose.yml): Node's cluster module, whose primary hands each new connection to the next
 * worker in turn. Each worker is the real api (apps/api/src/main.ts), with its own pools and
 * clients, as a replica has. BENCH_API_PROCESSES workers (default 2); the primary only accepts.
 *
 * SIGTERM stops the workers (each shuts down as the api does) and then the primary; a worker
 * that dies takes the primary with it, so the bench sees the failure. The bench's CPU-profile
 * signal is passed on to every worker.
 */
import cluster, { type Worker } from 'node:cluster';
import { CPU_PROFILE_SIGNAL } from './api-process';

if (cluster.isPrimary) {
  const count = Number(process.env.BENCH_API_PROCESSES ?? '2');
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`BENCH_API_PROCESSES must be a positive integer, got ${count}`);
  const workers: Worker[] = Array.from({ length: count }, () => cluster.fork());
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      process.stderr.write(`api worker ${worker.process.pid} died (${signal ?? code})\n`);
      stopping = true;
      for (const w of workers) w.kill('SIGTERM');
      process.exitCode = 1;
    }
    if (workers.every((w) => w.isDead())) process.exit();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => {
      stopping = true;
      for (const w of workers) w.kill('SIGTERM');
    });
  process.on(CPU_PROFILE_SIGNAL, () => {
    for (const w of workers) w.process.kill(CPU_PROFILE_SIGNAL);
  });
} else {
  void import('../../apps/api/src/main');
}
