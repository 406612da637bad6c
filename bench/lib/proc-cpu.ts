import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of processes, from /proc (Linux only; elsewhere every reading is empty). Used to see
 * what a run spent its cores on: diff two readings, divide by the wall time.
 */

/** Clock ticks per second of /proc/<pid>/stat's utime and stime: 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  comm: string;
  ppid: number;
  /** utime + stime, in ms. */
  cpuMs: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses; it ends at the last ')'.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // fields[0] is state (field 3); utime and stime are fields 14 and 15.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { comm, ppid: Number(fields[1]), cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined; // gone, or not Linux
  }
}

function allPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/** What to account for: a process and its descendants, or every process with a given name. */
export type CpuGroup = { pid: number } | { comm: string };

/** CPU ms used so far by each named group (processes that exited in between are not counted). */
export function cpuReading(groups: Record<string, CpuGroup>): Record<string, number> {
  const stats = new Map<number, ProcStat>();
  for (const pid of allPids()) {
    const s = readStat(pid);
    if (s) stats.set(pid, s);
  }
  const within = (pid: number, root: number): boolean => {
    for (let p = pid, hops = 0; p > 0 && hops < 64; hops++) {
      if (p === root) return true;
      p = stats.get(p)?.ppid ?? 0;
    }
    return false;
  };
  const out: Record<string, number> = {};
  for (const [name, group] of Object.entries(groups)) {
    let ms = 0;
    for (const [pid, s] of stats) {
      if ('pid' in group ? within(pid, group.pid) : s.comm === group.comm) ms += s.cpuMs;
    }
    out[name] = ms;
  }
  return out;
}

/** Percent of one core per group between two readings taken `elapsedMs` apart. */
export function cpuPercent(
  before: Record<string, number>,
  after: Record<string, number>,
  elapsedMs: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(after)) {
    out[name] =
      elapsedMs > 0 ? Math.round(((after[name] - (before[name] ?? 0)) / elapsedMs) * 100) : 0;
  }
  return out;
}

/**
 * Busy CPU ms of the whole machine so far (all cores: user, nice, system, irq, softirq, steal),
 * from /proc/stat; 0 where there is none. Two readings apart show what else ran meanwhile.
 */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const ticks = user + nice + system + irq + softirq + (steal || 0);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
