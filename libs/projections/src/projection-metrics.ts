import { Counter, Gauge, register as defaultRegistry, type Registry } from 'prom-client';

/** Per projection (labels: projection, version). Shared by every runner on the same registry. */
export class ProjectionMetrics {
  private readonly labels: { projection: string; version: string };
  private readonly position: Gauge<'projection' | 'version'>;
  private readonly processed: Counter<'projection' | 'version'>;
  private readonly parked: Gauge<'projection' | 'version'>;
  private readonly lag: Gauge<'projection' | 'version'>;

  constructor(name: string, version: number, registry: Registry = defaultRegistry) {
    this.labels = { projection: name, version: String(version) };
    const labelNames = ['projection', 'version'] as const;
    // Registering a name twice throws: reuse what another runner already registered.
    const gauge = (metric: string, help: string) =>
      (registry.getSingleMetric(metric) as Gauge<'projection' | 'version'> | undefined) ??
      new Gauge({ name: metric, help, labelNames, registers: [registry] });
    this.position = gauge('projection_position', 'Global position (seq) of the checkpoint');
    this.parked = gauge('projection_parked_events', 'Events parked after failing every retry');
    this.lag = gauge('projection_lag_events', 'Events between the checkpoint and the log head');
    this.processed =
      (registry.getSingleMetric('projection_events_processed_total') as
        Counter<'projection' | 'version'> | undefined) ??
      new Counter({
        name: 'projection_events_processed_total',
        help: 'Events handled (parked ones included)',
        labelNames,
        registers: [registry],
      });
  }

  checkpointMoved(seq: bigint, events: number): void {
    this.position.set(this.labels, Number(seq));
    this.processed.inc(this.labels, events);
  }

  setParked(count: number): void {
    this.parked.set(this.labels, count);
  }

  /** Approximate: seq numbers may have gaps (rolled-back appends), so this is an upper bound. */
  setLag(events: bigint): void {
    this.lag.set(this.labels, Number(events < 0n ? 0n : events));
  }
}
