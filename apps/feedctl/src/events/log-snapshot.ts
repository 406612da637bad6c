/**
 * A Postgres snapshot (`pg_current_snapshot()`, text "xmin:xmax:xip,…"): which transactions had
 * committed when it was taken. `events tail` takes one at its start and tells the events that were
 * already there ("old": in the catch-up range or not) from those that came later ("new": shown
 * live), exactly, even while an open transaction holds the read horizon back.
 */
export interface LogSnapshot {
  xmin: bigint;
  xmax: bigint;
  /** Transactions in [xmin, xmax) still running when the snapshot was taken. */
  running: ReadonlySet<bigint>;
}

const SNAPSHOT = /^(\d+):(\d+):((?:\d+(?:,\d+)*)?)$/;

export function parseSnapshot(text: string): LogSnapshot {
  const m = SNAPSHOT.exec(text);
  if (!m) throw new Error(`not a pg_snapshot: ${JSON.stringify(text)}`);
  return {
    xmin: BigInt(m[1]),
    xmax: BigInt(m[2]),
    running: new Set(m[3] === '' ? [] : m[3].split(',').map(BigInt)),
  };
}

/** Had the transaction that wrote `tx` committed when the snapshot was taken? */
export function committedIn(snapshot: LogSnapshot, tx: bigint): boolean {
  return tx < snapshot.xmin || (tx < snapshot.xmax && !snapshot.running.has(tx));
}
