/**
 * The views a rebuild can replace, each kept by one or more projections of one version. Side
 * effects (push, relays) are not views: they are never rebuilt, so they are not listed here.
 */
export const VIEW_NAMES = ['read-models', 'home-feed', 'activity', 'photo-owners'] as const;

export type ViewName = (typeof VIEW_NAMES)[number];

/** The version of every view (what readers read, or what a projector keeps live). */
export type VersionSet = Readonly<Record<ViewName, number>>;

export const FIRST_VERSIONS: VersionSet = Object.freeze({
  'read-models': 1,
  'home-feed': 1,
  activity: 1,
  'photo-owners': 1,
});

export function isViewName(name: string): name is ViewName {
  return (VIEW_NAMES as readonly string[]).includes(name);
}

/** `read-models@2,home-feed@1,...`: equal sets, equal keys. */
export const versionSetKey = (set: VersionSet): string =>
  VIEW_NAMES.map((v) => `${v}@${set[v]}`).join(',');
