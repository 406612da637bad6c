import {
  EventIdConflictError,
  formatLogPosition,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
} from '@photofeed/event-store';
import { eventIdsFor } from './event-ids';

/** What a command decided for one stream. */
export interface StreamWrite {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: readonly { type: string; data: unknown }[];
}

/** Who and why: goes into every event's metadata. */
export interface CommandContext {
  correlationId?: string;
  actorId?: string;
  /** The request's Idempotency-Key and its scope (user or client): event ids derive from them. */
  idempotency?: { scope: string; key: string };
}

export interface CommandOutcome {
  /** False when the decision was "nothing to do" (liking twice): no event was written. */
  changed: boolean;
  /** The log position the write reached ("<tx>-<seq>"), or null when nothing was written. */
  position: string | null;
  append: AppendResult | null;
}

/** The write conflicted with concurrent writers more often than we retry. */
export class ConcurrencyConflictError extends Error {
  readonly code = 'concurrency_conflict';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} kept changing under concurrent writes; retry the request`);
    this.name = 'ConcurrencyConflictError';
  }
}

/**
 * A request under an Idempotency-Key whose events are already in the log with other content: an
 * earlier request with that key was applied, and this one decided on the state it left. The
 * idempotency cache normally answers such a retry; this is the log's own guard when it could not.
 */
export class IdempotencyKeyAlreadyAppliedError extends Error {
  readonly code = 'idempotency_key_already_applied';
  constructor(readonly key: string) {
    super(`a request with Idempotency-Key ${JSON.stringify(key)} was already applied`);
    this.name = 'IdempotencyKeyAlreadyAppliedError';
  }
}

/**
 * Runs a command: `decide` loads the streams it needs (through the store), decides, and returns
 * writes; they are appended atomically. When another writer got there first (wrong expected
 * revision), the whole decision is taken again on fresh state, a few times.
 */
export class CommandExecutor {
  constructor(
    private readonly store: EventStore,
    private readonly maxAttempts = 4,
  ) {}

  async execute(
    context: CommandContext,
    decide: () => Promise<StreamWrite[]>,
  ): Promise<CommandOutcome> {
    const metadata: EventMetadata = {
      correlationId: context.correlationId,
      actorId: context.actorId,
    };
    let idConflicts = 0;
    for (let attempt = 1; ; attempt++) {
      const writes = (await decide()).filter((w) => w.events.length > 0);
      if (writes.length === 0) return { changed: false, position: null, append: null };
      const nextId = eventIdsFor(context.idempotency);
      const requests = writes.map((w) => ({
        streamId: w.streamId,
        expectedRevision: w.expectedRevision,
        events: w.events.map((e, i) => ({
          id: nextId(w.streamId, i),
          type: e.type,
          data: e.data,
          metadata,
        })),
      }));
      try {
        const append = await this.store.appendMany(requests);
        return { changed: true, position: formatLogPosition(append.position), append };
      } catch (err) {
        if (err instanceof EventIdConflictError && context.idempotency) {
          // Another request under this key may have committed while this one decided (retries
          // sent at once). Decide once more on the state it left: nothing left to do is the same
          // answer as that request's; deciding to write again means this key was spent on it.
          if (idConflicts++ > 0)
            throw new IdempotencyKeyAlreadyAppliedError(context.idempotency.key);
          continue;
        }
        if (!(err instanceof WrongExpectedRevisionError)) throw err;
        if (attempt >= this.maxAttempts) throw new ConcurrencyConflictError(err.streamId);
      }
    }
  }
}
