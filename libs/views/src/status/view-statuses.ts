import type { LogPosition } from '@photofeed/event-store';
import { readProjectionStatuses, type StoredProjectionStatus } from '@photofeed/projections';
import type { ViewClients } from '../view-context';
import { viewDatabases } from './view-databases';
import { VIEW_NAMES, type ViewName } from '../versions/view-names';
import { ViewVersionStore, type ViewVersions } from '../versions/view-version-store';

/** What a projection's row is for: the version readers read, one being rebuilt, and so on. */
export type ProjectionRole = 'active' | 'building' | 'retired' | 'scratch' | 'orphan';

/**
 * The state an operator sees (feedctl status, GET /admin/projections), from the row the holder
 * reports, its lock, its standbys, the pause flag and view_versions:
 * - live / catching-up: a runner holds it and is at / behind the head;
 * - paused: an operator paused it (pausing: asked, the holder has not stopped yet);
 * - rebuilding: a version being built, held by a rebuild; interrupted: being built, nobody on it;
 * - standby: nobody holds it, and a process waits to take over;
 * - failed: nobody holds it and nobody waits, though its holder did not stop cleanly, or its
 *   holder keeps starting over (last error in the last minute);
 * - stopped: stopped cleanly, nobody runs it (a retired version, or no projector running).
 */
export type OperatorState =
  | 'live'
  | 'catching-up'
  | 'paused'
  | 'pausing'
  | 'rebuilding'
  | 'interrupted'
  | 'standby'
  | 'failed'
  | 'stopped';

export interface ProjectionReport extends StoredProjectionStatus {
  view: ViewName | null;
  role: ProjectionRole;
  operatorState: OperatorState;
  /** `log` or `shard<i>`: the database holding its checkpoint (and parked events). */
  database: string;
}

export interface ViewStatusReport {
  head: { position: LogPosition; recordedAt: Date } | null;
  versions: ViewVersions[];
  projections: ProjectionReport[];
}

/** Every projection of every database that holds views, with its role and operator state. */
export async function readViewStatuses(clients: ViewClients): Promise<ViewStatusReport> {
  const { logPool } = clients;
  const databases = viewDatabases(clients);
  const [versions, ...reports] = await Promise.all([
    new ViewVersionStore(logPool).readAll(),
    ...databases.map((d) => readProjectionStatuses(d.pool, logPool)),
  ]);
  const now = Date.now();
  const projections = reports.flatMap((report, i) =>
    report.projections.map((p) => {
      const view = viewOf(p.name);
      const role = roleOf(p, view, versions);
      return {
        ...p,
        view,
        role,
        database: databases[i].name,
        operatorState: stateOf(p, role, now),
      };
    }),
  );
  projections.sort(
    (a, b) =>
      viewOrder(a.view) - viewOrder(b.view) ||
      a.name.localeCompare(b.name) ||
      a.version - b.version,
  );
  return { head: reports[0]?.head ?? null, versions, projections };
}

/** `read-models-db1` → read-models; `verify:home-feed` → home-feed. */
export function viewOf(projectionName: string): ViewName | null {
  const name = projectionName.replace(/^[a-z]+:/, '');
  if (/^read-models-db\d+$/.test(name)) return 'read-models';
  return (VIEW_NAMES as readonly string[]).includes(name) ? (name as ViewName) : null;
}

function roleOf(
  p: StoredProjectionStatus,
  view: ViewName | null,
  versions: ViewVersions[],
): ProjectionRole {
  if (/^[a-z]+:/.test(p.name)) return 'scratch';
  const v = versions.find((x) => x.view === view);
  if (!v) return 'orphan';
  if (p.version === v.active) return 'active';
  if (p.version === v.building) return 'building';
  if (p.version === v.retired) return 'retired';
  return 'orphan';
}

const RECENT_ERROR_MS = 60_000;

function stateOf(p: StoredProjectionStatus, role: ProjectionRole, now: number): OperatorState {
  if (role === 'building' || role === 'scratch') return p.lockHeld ? 'rebuilding' : 'interrupted';
  if (p.paused) return !p.lockHeld || p.state === 'paused' ? 'paused' : 'pausing';
  if (p.lockHeld) {
    if (p.lastError && now - p.lastError.at.getTime() < RECENT_ERROR_MS) return 'failed';
    return p.state === 'catching-up' ? 'catching-up' : 'live';
  }
  if (p.standbys.length > 0) return 'standby';
  return p.state === 'stopped' ? 'stopped' : 'failed';
}

const viewOrder = (view: ViewName | null) =>
  view === null ? VIEW_NAMES.length : VIEW_NAMES.indexOf(view);
