/**
 * The part of autocannon 9 the benches use (it ships no types and @types/autocannon is not
 * installed). Field names as in autocannon's lib/run.js and lib/aggregateResult.js.
 */
declare module 'autocannon' {
  namespace autocannon {
    interface RequestParams {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    }

    interface Request extends RequestParams {
      /** Called to build each request; return the request to send (falsy: restart the sequence). */
      setupRequest?: (req: RequestParams, context: Record<string, unknown>) => RequestParams;
      /** Called with each response's status and body. */
      onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      pipelining?: number;
      /** Seconds before a request counts as a timeout. */
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
      requests?: Request[];
    }

    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p99: number;
      p999: number;
    }

    interface Result {
      /** Seconds, measured. */
      duration: number;
      /** Milliseconds. */
      latency: Histogram;
      /** Requests per second, sampled every second. */
      requests: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
      resets: number;
      mismatches: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;

  export = autocannon;
}
