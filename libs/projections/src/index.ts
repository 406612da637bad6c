export type { AfterCommit, Projection, PostgresProjection, RedisProjection } from './projection';
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type RunnerState,
} from './projection-runner';
export { ProjectionMetrics } from './projection-metrics';
export { readCheckpoint, type ReportedState } from './checkpoint-sql';
export { isInfrastructureError } from './infrastructure-error';
export {
  readProjectionStatuses,
  type ProjectionStatusReport,
  type StoredProjectionStatus,
} from './status/read-projection-statuses';
export { CheckpointNotifier } from './waiting/checkpoint-notifier';
export {
  ProjectionPositions,
  type ProjectionPositionsOptions,
  type WaitResult,
  type WatchedProjection,
} from './waiting/projection-positions';
export {
  ProjectorHost,
  type ProjectionDeployment,
  type ProjectorHealth,
  type ProjectorHostOptions,
} from './host/projector-host';
export { ProjectionControlError, resetCheckpoint, setPaused } from './controls/projection-controls';
export { BatchApplier, type BatchApplierOptions } from './batch-applier';
export {
  rebuildProjections,
  RebuildLockedError,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildResult,
  type RebuildTarget,
} from './rebuild/rebuild-projections';
export { dropProjectionRows } from './controls/drop-projection-rows';
