/**
 * Preloaded into a bench's child process (`-r` after @swc-node/register) when the bench profiles it:
 * SIGWINCH starts the V8 CPU profiler, the next SIGWINCH stops it and writes
 * `$BENCH_CPU_PROFILE_DIR/<pid>-<n>.cpuprofile` (open in Chrome DevTools or speedscope). So a
 * profile covers exactly the phase the bench chose (the load, not the seeding) — which
 * `node --cpu-prof`, profiling the whole life of the process, cannot do.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { CPU_PROFILE_SIGNAL } from './api-process';

const dir = process.env.BENCH_CPU_PROFILE_DIR ?? '.';
const session = new Session();
session.connect();
let running = false;
let written = 0;

const post = (method: string, params?: object): Promise<unknown> =>
  new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );

process.on(CPU_PROFILE_SIGNAL, () => {
  const toggle = running
    ? post('Profiler.stop').then((result) => {
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${process.pid}-${++written}.cpuprofile`);
        writeFileSync(file, JSON.stringify((result as { profile: unknown }).profile));
        process.stderr.write(`cpu profile written: ${file}\n`);
      })
    : post('Profiler.enable')
        // 250 µs between samples: fine enough for ~1 ms requests, cheap enough not to distort them.
        .then(() => post('Profiler.setSamplingInterval', { interval: 250 }))
        .then(() => post('Profiler.start'));
  running = !running;
  toggle.catch((error: unknown) => process.stderr.write(`cpu profile failed: ${String(error)}\n`));
});
