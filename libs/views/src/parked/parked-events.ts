import type { EventStore, LogPosition, RecordedEvent } from '@photofeed/event-store';
import type { ProjectionDeployment } from '@photofeed/projections';
import type { ViewContext } from '../definitions/view-definition';
import { viewDatabases, type ViewDatabase } from '../status/view-databases';
import { viewOf } from '../status/view-statuses';
import { VIEWS } from '../view-catalogue';

/** An event a projection could not handle, as operators see it: where, why, and the event. */
export interface ParkedEvent {
  /** `<database>/<row id>`, e.g. `log/3` or `shard1/12`: what retry and skip take. */
  id: string;
  database: string;
  projection: string;
  version: number;
  eventId: string;
  position: LogPosition;
  error: string;
  attempts: number;
  parkedAt: Date;
  /** Null if the log no longer has it (it never loses events: a wrong id, then). */
  event: RecordedEvent | null;
}

export class ParkedEventError extends Error {
  override name = 'ParkedEventError';
}

interface Row {
  id: string;
  name: string;
  version: number;
  event_id: string;
  tx: string;
  seq: string;
  error: string;
  attempts: number;
  parked_at: Date;
}

const SELECT = `SELECT id::text, name, version, event_id::text, tx::text, seq::text, error, attempts,
                       parked_at FROM projection_parked`;

/** Every parked event (of one view or projection, if named), oldest first, with its event. */
export async function listParked(
  ctx: ViewContext,
  store: EventStore,
  name?: string,
): Promise<ParkedEvent[]> {
  const all = await Promise.all(
    viewDatabases(ctx.clients).map(async (db) => {
      const { rows } = await db.pool.query<Row>(`${SELECT} ORDER BY tx, seq`);
      return rows.map((r) => ({ db, row: r }));
    }),
  );
  const wanted = all
    .flat()
    .filter(({ row }) => !name || row.name === name || viewOf(row.name) === name);
  return Promise.all(wanted.map(({ db, row }) => withEvent(ctx, store, db, row)));
}

export async function findParked(
  ctx: ViewContext,
  store: EventStore,
  id: string,
): Promise<ParkedEvent> {
  const { db, rowId } = locate(ctx, id);
  const { rows } = await db.pool.query<Row>(`${SELECT} WHERE id = $1`, [rowId]);
  if (rows.length === 0) throw new ParkedEventError(`no parked event ${id}`);
  return withEvent(ctx, store, db, rows[0]);
}

/**
 * Applies a parked event to its projection again, as the runner would have (Postgres views: in
 * one transaction with removing it from the parked list). On failure it stays parked with the new
 * error. The view has gone on since: an event applied late must still make sense to it, which
 * is for the operator to judge (a late Liked after its Unliked, say).
 */
export async function retryParked(
  ctx: ViewContext,
  store: EventStore,
  id: string,
): Promise<{ parked: ParkedEvent; ok: boolean; error?: string }> {
  const parked = await findParked(ctx, store, id);
  if (!parked.event) throw new ParkedEventError(`${id}: event ${parked.eventId} is not in the log`);
  const { db, rowId } = locate(ctx, id);
  const { projection } = deploymentOf(ctx, parked);
  const event = parked.event;
  try {
    if (projection.kind === 'redis') {
      await projection.handle([event]);
      await db.pool.query('DELETE FROM projection_parked WHERE id = $1', [rowId]);
    } else {
      const tx = await db.pool.connect();
      let afterCommit: void | (() => Promise<void>);
      try {
        await tx.query('BEGIN');
        afterCommit = await projection.handle([event], tx);
        await tx.query('DELETE FROM projection_parked WHERE id = $1', [rowId]);
        await tx.query('COMMIT');
      } catch (error) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        tx.release();
      }
      if (afterCommit) await afterCommit().catch(() => undefined);
    }
    return { parked, ok: true };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await db.pool.query(
      `UPDATE projection_parked SET error = $2, attempts = attempts + 1, parked_at = now()
        WHERE id = $1`,
      [rowId, message],
    );
    return { parked, ok: false, error: message };
  }
}

/** Gives up on a parked event: it leaves the list; the view stays without it. */
export async function skipParked(
  ctx: ViewContext,
  store: EventStore,
  id: string,
): Promise<ParkedEvent> {
  const parked = await findParked(ctx, store, id);
  const { db, rowId } = locate(ctx, id);
  await db.pool.query('DELETE FROM projection_parked WHERE id = $1', [rowId]);
  return parked;
}

function locate(ctx: ViewContext, id: string): { db: ViewDatabase; rowId: string } {
  const m = /^([a-z]+\d*)\/(\d+)$/.exec(id);
  if (!m) throw new ParkedEventError(`"${id}" is not a parked event id (like log/3 or shard1/12)`);
  const db = viewDatabases(ctx.clients).find((d) => d.name === m[1]);
  if (!db) throw new ParkedEventError(`no database "${m[1]}" holds views here`);
  return { db, rowId: m[2] };
}

/** The projection that parked it, at the version it parked it in. */
function deploymentOf(ctx: ViewContext, parked: ParkedEvent): ProjectionDeployment {
  const view = viewOf(parked.projection);
  const found =
    view && !parked.projection.includes(':')
      ? VIEWS[view]
          .deployments({ version: parked.version }, ctx)
          .find((d) => d.projection.name === parked.projection)
      : undefined;
  if (!found)
    throw new ParkedEventError(
      `${parked.projection} v${parked.version} is not a projection this version of feedctl knows`,
    );
  return found;
}

async function withEvent(
  ctx: ViewContext,
  store: EventStore,
  db: ViewDatabase,
  row: Row,
): Promise<ParkedEvent> {
  // Through the store (not the table): the event upcast to its current shape, as handlers see it.
  const { rows } = await ctx.clients.logPool.query<{ stream_id: string; stream_revision: string }>(
    'SELECT stream_id, stream_revision::text FROM events WHERE event_id = $1',
    [row.event_id],
  );
  const event = rows.length
    ? ((
        await store.readStream(rows[0].stream_id, {
          fromRevision: BigInt(rows[0].stream_revision),
          limit: 1,
        })
      )[0] ?? null)
    : null;
  return {
    id: `${db.name}/${row.id}`,
    database: db.name,
    projection: row.name,
    version: row.version,
    eventId: row.event_id,
    position: { tx: BigInt(row.tx), seq: BigInt(row.seq) },
    error: row.error,
    attempts: row.attempts,
    parkedAt: row.parked_at,
    event,
  };
}
