import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { killOnExit } from './children';
import { freePort } from './api-process';

/**
 * A Redis and a memcached of the bench's own, on free loopback ports, without persistence, as it
 * has databases of its own: on the shared servers, other people's work (a rebuild's Lua scripts,
 * a test suite's keys) runs in front of the bench's commands in Redis's single thread, and the
 * numbers then measure them. Same binaries and settings as scripts/services.sh.
 */
export interface PrivateCaches {
  redisUrl: string;
  memcachedServers: string;
  redisPid: number;
  memcachedPid: number;
  stop(): Promise<void>;
}

export async function startPrivateCaches(): Promise<PrivateCaches> {
  const [redisPort, memcachedPort] = [await freePort(), await freePort()];
  const redis = killOnExit(
    spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    ),
  );
  const memcached = killOnExit(
    spawn(
      'memcached',
      ['-u', 'nobody', '-l', '127.0.0.1', '-p', String(memcachedPort), '-U', '0', '-m', '64'],
      { stdio: 'ignore' },
    ),
  );
  const stop = async () => {
    await Promise.all([redis, memcached].map(terminate));
  };
  try {
    await Promise.all([listening(redisPort, redis), listening(memcachedPort, memcached)]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    memcachedServers: `127.0.0.1:${memcachedPort}`,
    redisPid: redis.pid!,
    memcachedPid: memcached.pid!,
    stop,
  };
}

/** Resolves once the port accepts a connection; rejects if the process exits or 10 s pass. */
async function listening(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited (${child.exitCode})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${child.spawnfile} did not listen on ${port} within 10 s`);
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
