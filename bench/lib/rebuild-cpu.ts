/**
 * Where a handler's work runs: this process, the Postgres backend serving its transaction, Redis.
 * CPU time moves far less than wall time when other runs share the machine, and summed over the
 * views it says how many cores a rebuild of them needs.
 */
import { readFileSync } from 'node:fs';
import type Redis from 'ioredis';
import type { PoolClient } from 'pg';

export interface CpuMs {
  node: number;
  postgres: number;
  redis: number;
}

export const noCpu = (): CpuMs => ({ node: 0, postgres: 0, redis: 0 });

export function addCpu(into: CpuMs, more: CpuMs): void {
  into.node += more.node;
  into.postgres += more.postgres;
  into.redis += more.redis;
}

/** CPU ms of one process so far (utime + stime, 100 ticks a second); 0 off Linux. */
export function processCpuMs(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Redis's main thread CPU ms so far (INFO cpu). */
export async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field('used_cpu_user_main_thread') + field('used_cpu_sys_main_thread')) * 1000;
}

const backendPids = new WeakMap<PoolClient, number>();

/** The pid of the backend behind a pooled connection (asked once per connection). */
export async function backendPid(client: PoolClient): Promise<number> {
  let pid = backendPids.get(client);
  if (pid === undefined) {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    backendPids.set(client, (pid = rows[0].pid));
  }
  return pid;
}

/** Node CPU ms so far (user + system). */
export function nodeCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export const totalCpu = (cpu: CpuMs): number => cpu.node + cpu.postgres + cpu.redis;

/** For the JSON lines: seconds, one decimal. */
export function cpuSeconds(cpu: CpuMs): CpuMs & { total: number } {
  const s = (ms: number) => Math.round(ms / 100) / 10;
  return {
    node: s(cpu.node),
    postgres: s(cpu.postgres),
    redis: s(cpu.redis),
    total: s(totalCpu(cpu)),
  };
}
