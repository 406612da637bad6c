export {
  CommandExecutor,
  ConcurrencyConflictError,
  IdempotencyKeyAlreadyAppliedError,
  type CommandContext,
  type CommandOutcome,
  type StreamWrite,
} from './command-executor';
export { eventIdsFor } from './event-ids';
export { loadState, type Evolver, type LoadedState } from './load-state';
export { Decisions, runDecider } from './run-decider';
