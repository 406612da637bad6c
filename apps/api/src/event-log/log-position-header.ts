/** Response header carrying the log position a write reached (also in the body as `position`). */
export const LOG_POSITION_HEADER = 'x-log-position';

export interface PositionReply {
  header(name: string, value: string): unknown;
}

/** Sets the position header when the write reached one (a no-op write has none) and returns body. */
export function withPosition<T>(
  reply: PositionReply,
  position: string | null | undefined,
  body: T,
): T {
  if (position) reply.header(LOG_POSITION_HEADER, position);
  return body;
}
