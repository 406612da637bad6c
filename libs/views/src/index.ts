export {
  documentCache,
  versionPrefix,
  viewDeployments,
  viewReaders,
  VIEWS,
  watchedViews,
  type ViewClients,
  type ViewSettings,
} from './view-catalogue';
export type {
  ViewContext,
  ViewDefinition,
  ViewDifferences,
  ViewTarget,
} from './definitions/view-definition';
export { dropKeys, scanKeys } from './definitions/redis-storage';
export {
  FIRST_VERSIONS,
  isViewName,
  VIEW_NAMES,
  versionSetKey,
  type VersionSet,
  type ViewName,
} from './versions/view-names';
export {
  VIEW_VERSIONS_CHANNEL,
  ViewVersionError,
  ViewVersionStore,
  type ViewVersions,
} from './versions/view-version-store';
export {
  ActiveViewVersions,
  ViewVersionsUnknownError,
  type ActiveVersionsOptions,
} from './versions/active-versions';
export {
  ActiveViewsProjector,
  type ActiveViewsProjectorOptions,
} from './versions/active-views-projector';
export {
  readViewStatuses,
  viewOf,
  type OperatorState,
  type ProjectionReport,
  type ProjectionRole,
  type ViewStatusReport,
} from './status/view-statuses';
export {
  dropRetiredVersion,
  rebuildBlueGreen,
  type BlueGreenOptions,
  type BlueGreenResult,
} from './rebuild/blue-green-rebuild';
export {
  verifyView,
  VerifyInterrupted,
  type VerifyOptions,
  type VerifyResult,
} from './verify/verify-view';
export { viewDatabases, type ViewDatabase } from './status/view-databases';
export {
  findParked,
  listParked,
  ParkedEventError,
  retryParked,
  skipParked,
  type ParkedEvent,
} from './parked/parked-events';
export { positionsAsText } from './status/positions-as-text';
