import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { killOnExit } from './children';
import { log } from './stats';

const ROOT = join(__dirname, '..', '..');

/** The real api (apps/api/src/main.ts) in a child process, as `bin/start` runs it. */
export interface ApiProcess {
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. Safe to call twice. */
  stop(): Promise<void>;
  /** Starts, then stops and writes, its CPU profile (with BENCH_CPU_PROFILE_DIR in its env). */
  toggleCpuProfile(): void;
}

/**
 * SIGWINCH because it is free: SIGUSR1 opens Node's inspector, and Nest's enableShutdownHooks()
 * shuts the api down on SIGUSR2 (and most other signals).
 */
export const CPU_PROFILE_SIGNAL = 'SIGWINCH';

/** A port the OS says is free right now (bound to 127.0.0.1:0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Starts `node -r @swc-node/register apps/api/src/main.ts` (or several, see `processes`) with the caller's environment plus
 * `env` (DATABASE_URL and the like), a random JWT_SECRET and a free PORT, then waits until
 * `/health/ready` answers 200. Its stdout/stderr go to our stderr, prefixed. If it exits or is not
 * ready within `readyTimeoutMs`, it is killed and the promise rejects with its last output.
 */
export function startApi(
  env: Record<string, string>,
  readyTimeoutMs = 60_000,
  /** More than one: that many api processes on one port (api-cluster.ts), as compose's replicas. */
  processes = 1,
): Promise<ApiProcess> {
  return startProcess(
    {
      name: 'api',
      entry:
        processes > 1
          ? join('bench', 'lib', 'api-cluster.ts')
          : join('apps', 'api', 'src', 'main.ts'),
      portVar: 'PORT',
      readyPath: '/health/ready',
    },
    processes > 1 ? { ...env, BENCH_API_PROCESSES: String(processes) } : env,
    readyTimeoutMs,
  );
}

/** The projector (apps/projector/src/main.ts) likewise: ready when its /health answers 200. */
export function startProjector(
  env: Record<string, string>,
  readyTimeoutMs = 60_000,
): Promise<ApiProcess> {
  return startProcess(
    {
      name: 'projector',
      entry: join('apps', 'projector', 'src', 'main.ts'),
      portVar: 'PROJECTOR_PORT',
      readyPath: '/health',
    },
    env,
    readyTimeoutMs,
  );
}

interface ProcessKind {
  name: string;
  entry: string;
  portVar: string;
  readyPath: string;
}

async function startProcess(
  kind: ProcessKind,
  env: Record<string, string>,
  readyTimeoutMs: number,
): Promise<ApiProcess> {
  const port = await freePort();
  const child = killOnExit(
    spawn(
      process.execPath,
      // BENCH_API_NODE_ARGS: extra node flags for the api only, e.g. '--prof' to profile it.
      [
        ...(kind.name === 'api'
          ? (process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [])
          : []),
        '-r',
        '@swc-node/register',
        // A profile of the phase the bench chooses (see cpu-profile-on-signal.ts).
        ...(env.BENCH_CPU_PROFILE_DIR ? ['-r', join(__dirname, 'cpu-profile-on-signal.ts')] : []),
        kind.entry,
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          JWT_SECRET: randomBytes(32).toString('base64url'),
          ...env,
          HOST: '127.0.0.1',
          PROJECTOR_HOST: '127.0.0.1',
          [kind.portVar]: String(port),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ),
  );
  const tail: string[] = [];
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      process.stderr.write(`[${kind.name}] ${line}\n`);
    }
  };
  child.stdout!.on('data', relay);
  child.stderr!.on('data', relay);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const stop = async (): Promise<void> => {
    if (gone) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  try {
    for (;;) {
      if (gone) throw new Error(`the ${kind.name} exited during start-up:\n${tail.join('\n')}`);
      if (Date.now() > deadline)
        throw new Error(
          `the ${kind.name} was not ready within ${readyTimeoutMs} ms:\n${tail.join('\n')}`,
        );
      const res = await fetch(`${url}${kind.readyPath}`).catch(() => undefined);
      if (res) {
        await res.arrayBuffer();
        if (res.status === 200) break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  log(`${kind.name} pid ${child.pid} ready at ${url}`);
  return {
    url,
    pid: child.pid!,
    stop,
    toggleCpuProfile: () => void child.kill(CPU_PROFILE_SIGNAL),
  };
}
