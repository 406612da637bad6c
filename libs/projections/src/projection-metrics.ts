import { Counter, Gauge, register as defaultRegistry, type Registry } from 'prom-client';
import { RateMeter } from './rate-meter';

type Labels = 'projection' | 'version';
const labelNames = ['projection', 'version'] as const;

/** Every ProjectionMetrics of a registry, so scrape-time gauges can ask each for its value. */
const instances = new WeakMap<Registry, Set<ProjectionMetrics>>();

/**
 * Per projection (labels: projection, version). Shared by every runner on the same registry.
 * Lag in seconds and events per second are computed when scraped, so they keep moving while the
 * runner is stuck or idle; only the runner holding the projection reports them.
 */
export class ProjectionMetrics {
  private readonly labels: { projection: string; version: string };
  private readonly position: Gauge<Labels>;
  private readonly processed: Counter<Labels>;
  private readonly parked: Gauge<Labels>;
  private readonly lag: Gauge<Labels>;
  private readonly active: Gauge<Labels>;
  private holding = false;
  private caughtUp = false;
  private lastEventAt: number | null = null;
  private rate = new RateMeter(Date.now());

  constructor(name: string, version: number, registry: Registry = defaultRegistry) {
    this.labels = { projection: name, version: String(version) };
    let peers = instances.get(registry);
    if (!peers) instances.set(registry, (peers = new Set()));
    peers.add(this);
    const all = peers;
    // Registering a name twice throws: reuse what another runner already registered.
    const gauge = (metric: string, help: string, collect?: (g: Gauge<Labels>) => void) =>
      (registry.getSingleMetric(metric) as Gauge<Labels> | undefined) ??
      new Gauge({
        name: metric,
        help,
        labelNames,
        registers: [registry],
        ...(collect && {
          collect() {
            collect(this);
          },
        }),
      });
    this.position = gauge('projection_position', 'Global position (seq) of the checkpoint');
    this.parked = gauge('projection_parked_events', 'Events parked after failing every retry');
    this.lag = gauge('projection_lag_events', 'Events between the checkpoint and the log head');
    this.active = gauge('projection_active', '1 while this process holds the projection');
    gauge(
      'projection_lag_seconds',
      'Age of the last applied event while catching up; 0 when caught up',
      (g) => all.forEach((m) => m.collectLagSeconds(g, Date.now())),
    );
    gauge('projection_events_per_second', 'Events applied per second over the last 10 s', (g) =>
      all.forEach((m) => m.holding && g.set(m.labels, m.eventsPerSecond(Date.now()))),
    );
    this.processed =
      (registry.getSingleMetric('projection_events_processed_total') as
        Counter<Labels> | undefined) ??
      new Counter({
        name: 'projection_events_processed_total',
        help: 'Events handled (parked ones included)',
        labelNames,
        registers: [registry],
      });
  }

  /** This process took the projection's lock: its rate starts afresh. */
  acquired(now = Date.now()): void {
    this.holding = true;
    this.caughtUp = false;
    this.rate = new RateMeter(now);
    this.active.set(this.labels, 1);
  }

  released(): void {
    this.holding = false;
    this.active.set(this.labels, 0);
  }

  /** `lastEventAt`: recorded time of the last event applied, null when a filter skipped them all. */
  checkpointMoved(seq: bigint, events: number, lastEventAt: Date | null, now = Date.now()): void {
    this.position.set(this.labels, Number(seq));
    this.processed.inc(this.labels, events);
    this.rate.record(events, now);
    if (lastEventAt) this.lastEventAt = lastEventAt.getTime();
  }

  eventsPerSecond(now = Date.now()): number {
    return this.rate.perSecond(now);
  }

  setParked(count: number): void {
    this.parked.set(this.labels, count);
  }

  /** Caught up: lag 0. Otherwise `events` behind the head (null: unknown until the next read). */
  setLag(caughtUp: boolean, events: bigint | null = null): void {
    this.caughtUp = caughtUp;
    if (caughtUp) this.lag.set(this.labels, 0);
    // Approximate: seq numbers may have gaps (rolled-back appends), so this is an upper bound.
    else if (events !== null) this.lag.set(this.labels, Number(events < 0n ? 0n : events));
  }

  private collectLagSeconds(gauge: Gauge<Labels>, now: number): void {
    if (!this.holding) return;
    if (this.caughtUp) gauge.set(this.labels, 0);
    else if (this.lastEventAt !== null)
      gauge.set(this.labels, Math.max(0, (now - this.lastEventAt) / 1000));
  }
}
