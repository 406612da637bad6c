/**
 * Merges lists of home-feed members (`<19-digit photo id>:<author id>`) into one, newest first,
 * without duplicates, at most `limit` long. The fixed-width id prefix makes string order the
 * exact numeric order of 64-bit ids; members of one photo are equal, so duplicates sit together.
 */
export function mergeNewest(lists: readonly (readonly string[])[], limit: number): string[] {
  const all = lists.flat().sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  const merged: string[] = [];
  for (const member of all) {
    if (merged.length >= limit) break;
    if (merged.at(-1) !== member) merged.push(member);
  }
  return merged;
}
