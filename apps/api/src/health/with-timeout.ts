/** Rejects if `work` has not settled within `timeoutMs`, so a hung dependency reports "down". */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Well under the load balancer's and Docker's healthcheck timeouts, so a hung dependency reports
// "down" instead of making the probe itself time out.
export const PROBE_TIMEOUT_MS = 2_000;
