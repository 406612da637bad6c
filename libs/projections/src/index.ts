export type { Projection, PostgresProjection } from './projection';
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type RunnerState,
} from './projection-runner';
export { ProjectionMetrics } from './projection-metrics';
