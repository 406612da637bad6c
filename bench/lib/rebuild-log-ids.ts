import { composeId, formatId, ID_EPOCH, MAX_SEQUENCE } from '@photofeed/ids';

/**
 * The id allocator's rule (migrations/log/0002_id_allocator.sql) in memory, on the simulation's
 * clock: per shard the last (ms, sequence) handed out, the next one strictly greater; a full
 * millisecond borrows the next. So ids are unique, time-sortable and on the shard asked for.
 */
export class SimulatedIds {
  private readonly lastMs: Float64Array;
  private readonly lastSeq: Int32Array;

  constructor(shards: number) {
    this.lastMs = new Float64Array(shards).fill(-1);
    this.lastSeq = new Int32Array(shards);
  }

  next(shard: number, unixMs: number): string {
    let ms = Math.floor(unixMs) - ID_EPOCH.getTime();
    let seq = 0;
    if (ms <= this.lastMs[shard]) {
      ms = this.lastMs[shard];
      seq = this.lastSeq[shard] + 1;
      if (seq > MAX_SEQUENCE) {
        ms += 1;
        seq = 0;
      }
    }
    this.lastMs[shard] = ms;
    this.lastSeq[shard] = seq;
    return formatId(composeId({ ms, shard, sequence: seq }));
  }
}

/** The logical shard of a decimal id (bits 10..22). */
export function shardOfId(id: string): number {
  return Number((BigInt(id) >> 10n) & 8191n);
}
