export {
  documentCache,
  versionPrefix,
  viewDeployments,
  viewReaders,
  watchedViews,
  type ViewClients,
  type ViewSettings,
} from './view-catalogue';
