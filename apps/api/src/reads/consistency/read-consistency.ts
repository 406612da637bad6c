import { Inject, Injectable } from '@nestjs/common';
import { InvalidLogPositionError, parseLogPosition } from '@photofeed/event-store';
import { API_CONFIG, type ApiConfig, ProblemError, ProblemTypes } from '../../platform';
import { READ_SIDE, type ReadSide } from '../read-side';

export const MIN_POSITION_HEADER = 'x-min-log-position';
export const READ_CONSISTENCY_HEADER = 'x-read-consistency';

/** Present in an answer when the client asked to see at least `minPosition`. */
export interface Consistency {
  minPosition: string;
  /** False: the views had not reached it within the wait bound; the answer may miss that write. */
  reached: boolean;
  /** The views still behind when the answer was made. */
  behind: string[];
}

export interface HeaderReply {
  header(name: string, value: string): unknown;
}

/**
 * Read-your-writes. A write answers with the log position it reached; a query that carries it
 * waits until the projections it reads have passed that position, at most READ_MAX_WAIT_MS, then
 * answers either way and says which (body `consistency`, header x-read-consistency).
 */
@Injectable()
export class ReadConsistency {
  constructor(
    @Inject(READ_SIDE) private readonly reads: ReadSide,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async await(
    views: string[],
    minPosition: string | undefined,
    reply?: HeaderReply,
  ): Promise<Consistency | undefined> {
    if (minPosition === undefined || minPosition === '') return undefined;
    const position = parse(minPosition);
    const { reached, behind } = await this.reads.positions.waitFor(
      views,
      position,
      this.config.reads.maxWaitMs,
    );
    reply?.header(READ_CONSISTENCY_HEADER, reached ? 'reached' : 'behind');
    return { minPosition, reached, behind };
  }
}

export type RequestHeaders = Record<string, string | string[] | undefined>;

/** The query with the x-min-log-position header folded in; the query parameter wins. */
export function withMinPosition<Q extends { minPosition?: string }>(
  query: Q,
  headers: RequestHeaders,
): Q {
  if (query.minPosition) return query;
  const header = headers[MIN_POSITION_HEADER];
  const minPosition = Array.isArray(header) ? header[0] : header;
  return minPosition ? { ...query, minPosition } : query;
}

function parse(text: string) {
  try {
    return parseLogPosition(text);
  } catch (error) {
    if (!(error instanceof InvalidLogPositionError)) throw error;
    throw new ProblemError({
      type: ProblemTypes.validation,
      status: 400,
      title: 'Request validation failed',
      detail: `minPosition: ${error.message}`,
      extensions: { errors: [{ field: 'minPosition', message: error.message }] },
    });
  }
}
