import type { ProjectionDeployment } from '@photofeed/projections';
import {
  isViewName,
  VIEW_NAMES,
  VIEWS,
  ViewVersionStore,
  type ViewContext,
  type ViewName,
  type ViewTarget,
} from '@photofeed/views';
import type { FeedctlContext } from '../context';
import { EXIT, FeedctlError } from '../exit-codes';

/** A projection picked by an operator, with the view it belongs to. */
export interface Selected extends ProjectionDeployment {
  view: ViewName;
}

export function viewContext(ctx: FeedctlContext): ViewContext {
  return { settings: ctx.settings, clients: ctx.clients };
}

/** The projections of one view at a target (a version, or a scratch copy of one). */
export function projectionsAt(ctx: FeedctlContext, view: ViewName, target: ViewTarget): Selected[] {
  return VIEWS[view].deployments(target, viewContext(ctx)).map((d) => ({ ...d, view }));
}

/**
 * Names as operators type them: a view (`home-feed`, `read-models`: all its projections) or one
 * projection (`read-models-db1`), at the view's active version. Unknown names: a usage error
 * listing the known ones.
 */
export async function selectActive(ctx: FeedctlContext, names: string[]): Promise<Selected[]> {
  const versions = await new ViewVersionStore(ctx.logPool).activeSet();
  const all = VIEW_NAMES.flatMap((view) => projectionsAt(ctx, view, { version: versions[view] }));
  const picked: Selected[] = [];
  for (const name of names) {
    const matches = isViewName(name)
      ? all.filter((p) => p.view === name)
      : all.filter((p) => p.projection.name === name);
    if (matches.length === 0)
      throw new FeedctlError(
        `unknown view or projection "${name}"; known: ${[...VIEW_NAMES, ...all.map((p) => p.projection.name).filter((n) => !isViewName(n))].join(', ')}`,
        EXIT.usage,
      );
    for (const m of matches) if (!picked.includes(m)) picked.push(m);
  }
  return picked;
}

/** View names for rebuild/verify: listed, or every view with --all; never side effects. */
export function selectViews(names: string[], all: boolean | undefined): ViewName[] {
  if (all) {
    if (names.length > 0) throw new FeedctlError('give view names or --all, not both', EXIT.usage);
    return [...VIEW_NAMES];
  }
  if (names.length === 0) throw new FeedctlError('name at least one view, or --all', EXIT.usage);
  for (const name of names)
    if (!isViewName(name))
      throw new FeedctlError(
        `"${name}" is not a view (views: ${VIEW_NAMES.join(', ')}; sagas and relays are never rebuilt)`,
        EXIT.usage,
      );
  return [...new Set(names as ViewName[])];
}
