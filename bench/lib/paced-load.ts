import { Agent, request } from 'node:http';
import { now } from './stats';

/**
 * A fixed request rate, evenly spaced (an open workload): request i is due at start + i/rate,
 * whether or not earlier answers have come back, and its latency counts from when it was due, so
 * a stall shows in every request it delayed (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: it sends each connection's share of a second as fast as it
 * can at the start of that second, then waits for the next (mcollina/autocannon#174, open). At
 * 1,000 req/s over 16 connections that is 16 requests in flight at once for most of every second,
 * which measures the latency at full concurrency, not at the rate.
 */
export interface PacedLoadOptions {
  /** `http://host:port`. */
  url: string;
  /** Requests per second. */
  rate: number;
  durationSeconds: number;
  /** Keep-alive connections at most; a request due while all are busy waits (and counts it). */
  connections: number;
  /** The next request's path and headers. */
  next(): { path: string; headers: Record<string, string> };
  /** Whether an answer is what it should be (a 200 that is not counts as short). */
  check(status: number, body: string): boolean;
  timeoutMs?: number;
}

export interface PacedLoadResult {
  sent: number;
  completed: number;
  /** Transport errors and timeouts. */
  errors: number;
  /** Answers that failed `check`. */
  short: number;
  /** Completed answers per second of the run. */
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export async function pacedLoad(o: PacedLoadOptions): Promise<PacedLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const { hostname, port } = new URL(o.url);
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  let short = 0;
  const total = Math.round(o.rate * o.durationSeconds);
  const interval = 1000 / o.rate;
  const start = now();
  let pending = 0;
  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finished = resolve));

  const send = (due: number) => {
    const { path, headers } = o.next();
    pending++;
    const done = (ok: boolean, status = 0, body = '') => {
      if (!ok) errors++;
      else {
        latencies.push(now() - due);
        if (!o.check(status, body)) short++;
      }
      if (--pending === 0 && sent === total) finished();
    };
    const req = request(
      { agent, hostname, port, path, headers, timeout: o.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done(true, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')),
        );
        res.on('error', () => done(false));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done(false));
    req.end();
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = now() - start;
      const due = Math.min(total, Math.floor(elapsed / interval) + 1);
      while (sent < due) send(start + sent++ * interval);
      if (sent < total) setTimeout(tick, Math.max(0, (sent * interval - (now() - start)) | 0));
      else resolve();
    };
    tick();
  });
  if (pending > 0) await allDone;
  const elapsedMs = now() - start;
  agent.destroy();

  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length
      ? round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)])
      : 0;
  return {
    sent,
    completed: sorted.length,
    errors,
    short,
    rps: Math.round((sorted.length / elapsedMs) * 1000),
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
    max: sorted.length ? round(sorted[sorted.length - 1]) : 0,
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
