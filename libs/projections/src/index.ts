export type { AfterCommit, Projection, PostgresProjection, RedisProjection } from './projection';
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type RunnerState,
} from './projection-runner';
export { ProjectionMetrics } from './projection-metrics';
