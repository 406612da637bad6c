export {
  dayStamp,
  parseGroupId,
  type ActivityGroup,
  type ActivityKind,
  type GroupName,
} from './groups';
export { activityOps, type ActivityOp } from './projection/activity-ops';
export {
  activityProjection,
  type ActivityProjectionOptions,
} from './projection/activity.projection';
export {
  ActivityReader,
  type ActivityPage,
  type ActivityReaderOptions,
} from './reading/activity-reader';
