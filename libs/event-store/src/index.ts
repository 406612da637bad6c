export * from './types';
export * from './errors';
export * from './event-store';
export * from './log-position';
export * from './upcasting';
export {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';
export { CatchUpSubscription, type ChangeSignal } from './catch-up-subscription';
export { validateAppend } from './validate-append';
export {
  EventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb-event-store';
