import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { log } from './stats';

const ROOT = join(__dirname, '..', '..');

/** The real api (apps/api/src/main.ts) in a child process, as `bin/start` runs it. */
export interface ApiProcess {
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. Safe to call twice. */
  stop(): Promise<void>;
}

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
 * Starts `node -r @swc-node/register apps/api/src/main.ts` with the caller's environment plus
 * `env` (DATABASE_URL and the like), a random JWT_SECRET and a free PORT, then waits until
 * `/health/ready` answers 200. Its stdout/stderr go to our stderr, prefixed. If it exits or is not
 * ready within `readyTimeoutMs`, it is killed and the promise rejects with its last output.
 */
export async function startApi(
  env: Record<string, string>,
  readyTimeoutMs = 60_000,
): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    // BENCH_API_NODE_ARGS: extra node flags for the api only, e.g. '--prof' to profile it.
    [
      ...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '-r',
      '@swc-node/register',
      join('apps', 'api', 'src', 'main.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        JWT_SECRET: randomBytes(32).toString('base64url'),
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tail: string[] = [];
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      process.stderr.write(`[api] ${line}\n`);
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
      if (gone) throw new Error(`the api exited during start-up:\n${tail.join('\n')}`);
      if (Date.now() > deadline)
        throw new Error(`the api was not ready within ${readyTimeoutMs} ms:\n${tail.join('\n')}`);
      const res = await fetch(`${url}/health/ready`).catch(() => undefined);
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
  log(`api pid ${child.pid} ready at ${url}`);
  return { url, pid: child.pid!, stop };
}
