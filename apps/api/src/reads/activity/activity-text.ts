/** "ana liked your photo", "ana and ben ...", "ana and 3 others ...": the line an app shows. */
export function activityText(
  kind: 'like' | 'follow',
  firstActor: string | undefined,
  actorCount: number,
): string {
  const what = kind === 'like' ? 'liked your photo' : 'started following you';
  const who = firstActor ?? 'someone';
  if (actorCount <= 1) return `${who} ${what}`;
  const others = actorCount - 1;
  return `${who} and ${others} ${others === 1 ? 'other' : 'others'} ${what}`;
}
