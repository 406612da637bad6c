import type { Pool, PoolClient } from 'pg';
import { FIRST_VERSIONS, VIEW_NAMES, type VersionSet, type ViewName } from './view-names';

/** One view's row of `view_versions` (migrations/log/0003_view_versions.sql). */
export interface ViewVersions {
  view: ViewName;
  active: number;
  building: number | null;
  retired: number | null;
  switchedAt: Date | null;
}

/** The channel api and projector processes LISTEN on to switch versions at once. */
export const VIEW_VERSIONS_CHANNEL = 'view_versions';

export class ViewVersionError extends Error {
  override name = 'ViewVersionError';
}

/**
 * Which version of each view is active, being built or retired, in the log database. Every change
 * is one transaction that NOTIFYs `view_versions` at commit, so readers and projectors switch
 * together; the switch itself is one row update, atomic for every reader.
 */
export class ViewVersionStore {
  constructor(private readonly pool: Pool) {}

  async readAll(): Promise<ViewVersions[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT view, active, building, retired, switched_at FROM view_versions',
    );
    const byView = new Map(rows.map((r) => [r.view, r]));
    return VIEW_NAMES.map((view) => toVersions(view, byView.get(view)));
  }

  async read(view: ViewName): Promise<ViewVersions> {
    return (await this.readAll()).find((v) => v.view === view)!;
  }

  async activeSet(): Promise<VersionSet> {
    const all = await this.readAll();
    return Object.fromEntries(all.map((v) => [v.view, v.active])) as unknown as VersionSet;
  }

  /**
   * The version to build: the one already being built (a rebuild resumes it), else one past every
   * version the view has had, recorded as building.
   */
  async startBuilding(view: ViewName): Promise<number> {
    return this.change(view, async (tx, current) => {
      if (current.building !== null) return current.building;
      const next = Math.max(current.active, current.retired ?? 0) + 1;
      await upsert(tx, { ...current, building: next });
      return next;
    });
  }

  /**
   * The switch: `version` (the one being built) becomes active, the active one retired. Refused
   * unless `version` is the one being built, and while an older retired version is still kept
   * (drop it first: one spare version at a time).
   */
  async switchTo(view: ViewName, version: number): Promise<{ previous: number }> {
    return this.change(view, async (tx, current) => {
      checkSwitch(current, version);
      await upsert(
        tx,
        { ...current, active: version, building: null, retired: current.active },
        true,
      );
      return { previous: current.active };
    });
  }

  /**
   * Several switches in one transaction (rebuild --all): readers move to every new version at
   * once. Each is checked as `switchTo` checks it; one refusal switches nothing.
   */
  async switchAll(targets: { view: ViewName; version: number }[]): Promise<{ previous: number }[]> {
    const sorted = [...targets].sort((a, b) => a.view.localeCompare(b.view));
    return this.inTransaction(async (tx) => {
      const previous = new Map<ViewName, number>();
      for (const { view, version } of sorted) {
        const current = await lockRow(tx, view);
        checkSwitch(current, version);
        await upsert(
          tx,
          { ...current, active: version, building: null, retired: current.active },
          true,
        );
        previous.set(view, current.active);
      }
      return targets.map((t) => ({ previous: previous.get(t.view)! }));
    });
  }

  /** The retired version's storage is gone. */
  async clearRetired(view: ViewName, version: number): Promise<void> {
    await this.change(view, async (tx, current) => {
      if (current.retired !== version) return;
      await upsert(tx, { ...current, retired: null });
    });
  }

  /** Abandon a build (its storage is dropped by the caller). */
  async clearBuilding(view: ViewName, version: number): Promise<void> {
    await this.change(view, async (tx, current) => {
      if (current.building !== version) return;
      await upsert(tx, { ...current, building: null });
    });
  }

  /** Under the row's lock (created first if absent): concurrent operators queue. */
  private change<T>(
    view: ViewName,
    work: (tx: PoolClient, current: ViewVersions) => Promise<T>,
  ): Promise<T> {
    return this.inTransaction(async (tx) => work(tx, await lockRow(tx, view)));
  }

  /** One transaction that NOTIFYs view_versions as it commits. */
  private async inTransaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T> {
    const tx = await this.pool.connect();
    try {
      await tx.query('BEGIN');
      const result = await work(tx);
      await tx.query(`SELECT pg_notify($1, 'changed')`, [VIEW_VERSIONS_CHANNEL]);
      await tx.query('COMMIT');
      tx.release();
      return result;
    } catch (error) {
      await tx.query('ROLLBACK').then(
        () => tx.release(),
        (rollbackError: Error) => tx.release(rollbackError),
      );
      throw error;
    }
  }
}

async function lockRow(tx: PoolClient, view: ViewName): Promise<ViewVersions> {
  await tx.query(
    'INSERT INTO view_versions (view, active) VALUES ($1, $2) ON CONFLICT (view) DO NOTHING',
    [view, FIRST_VERSIONS[view]],
  );
  const { rows } = await tx.query<Row>(
    'SELECT view, active, building, retired, switched_at FROM view_versions WHERE view = $1 FOR UPDATE',
    [view],
  );
  return toVersions(view, rows[0]);
}

function checkSwitch(current: ViewVersions, version: number): void {
  if (current.building !== version)
    throw new ViewVersionError(
      `${current.view}: version ${version} is not being built (building: ${current.building ?? 'none'})`,
    );
  if (current.retired !== null)
    throw new ViewVersionError(
      `${current.view}: version ${current.retired} is still kept from an earlier switch; drop it first`,
    );
}

interface Row {
  view: string;
  active: number;
  building: number | null;
  retired: number | null;
  switched_at: Date | null;
}

function toVersions(view: ViewName, row: Row | undefined): ViewVersions {
  return {
    view,
    active: row?.active ?? FIRST_VERSIONS[view],
    building: row?.building ?? null,
    retired: row?.retired ?? null,
    switchedAt: row?.switched_at ?? null,
  };
}

async function upsert(tx: PoolClient, v: ViewVersions, switched = false): Promise<void> {
  await tx.query(
    `UPDATE view_versions SET active = $2, building = $3, retired = $4, updated_at = now(),
            switched_at = CASE WHEN $5 THEN now() ELSE switched_at END
      WHERE view = $1`,
    [v.view, v.active, v.building, v.retired, switched],
  );
}
