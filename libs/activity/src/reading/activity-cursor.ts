import { decodeCursor, encodeCursor, InvalidCursorError } from '@photofeed/pagination';
import { isGroupId } from '../groups';

/**
 * Paging the activity feed. Groups are ordered by their newest actor's time, descending, ties by
 * group id descending (Redis's order for equal scores, reversed). A cursor is the (time, group id)
 * of the last group handed out, and the next page is every group strictly after it in that order.
 *
 * What that means while activity arrives: a group that gets a new like moves to the top, above
 * every cursor handed out before, so later pages never show it a second time (the client sees it
 * on its next refresh of the first page), and no group that did not move is ever skipped or
 * repeated. An unlike can lower a group's time, which may move it from above the cursor to below
 * it: it can then appear again further down, the one case of a repeat, and an accurate one (the
 * group has changed). Pure code.
 */

/** A group's place in the feed's order. */
export interface FeedPosition {
  atMs: number;
  groupId: string;
}

const KIND = 'activity';
const VALUE = /^(-?[0-9]{1,16}):(.+)$/;

export function encodeActivityCursor(position: FeedPosition): string {
  return encodeCursor(KIND, `${position.atMs}:${position.groupId}`);
}

export function decodeActivityCursor(cursor: string): FeedPosition {
  const match = VALUE.exec(decodeCursor(KIND, cursor));
  if (!match || !isGroupId(match[2]) || !Number.isSafeInteger(Number(match[1])))
    throw new InvalidCursorError(cursor);
  return { atMs: Number(match[1]), groupId: match[2] };
}

/** A WITHSCORES reply as RESP2 gives it (flat) or RESP3 (pairs, scores maybe numbers). */
export type WithScoresReply = readonly (string | readonly [string, string | number])[];

/** A WITHSCORES reply as positions, whichever protocol the caller's client speaks. */
export function toPositions(reply: WithScoresReply): FeedPosition[] {
  const out: FeedPosition[] = [];
  for (let i = 0; i < reply.length; i++) {
    const item = reply[i];
    if (typeof item === 'string') out.push({ groupId: item, atMs: Number(reply[++i]) });
    else out.push({ groupId: item[0], atMs: Number(item[1]) });
  }
  return out;
}

/**
 * The groups after `after`, in feed order, from the groups sharing its time (`sameTime`, any
 * order) and the first groups strictly older (`older`, in feed order).
 */
export function groupsAfter(
  after: FeedPosition,
  sameTime: readonly FeedPosition[],
  older: readonly FeedPosition[],
): FeedPosition[] {
  const ties = sameTime
    .filter((g) => g.atMs === after.atMs && g.groupId < after.groupId)
    .sort((a, b) => (a.groupId < b.groupId ? 1 : a.groupId > b.groupId ? -1 : 0));
  return [...ties, ...older];
}
