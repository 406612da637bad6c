import type { ProjectionDeployment } from '@photofeed/projections';
import { viewDeployments, type ViewClients, type ViewSettings } from '@photofeed/views';

export type { ProjectionDeployment } from '@photofeed/projections';

/**
 * Every projection the projector runs, each with the database holding its checkpoint: the view
 * catalogue (libs/views), the same one the api's all-in-one mode runs.
 */
export function buildProjections(
  settings: ViewSettings,
  clients: ViewClients,
): ProjectionDeployment[] {
  return viewDeployments(settings, clients);
}
