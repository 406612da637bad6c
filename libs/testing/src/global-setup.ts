import { ensureTemplateDatabase } from './postgres';
import { loadServicesEnv } from './services-env';

/** Jest global setup: the migrated template database exists before any suite clones it. */
export default async function globalSetup(): Promise<void> {
  loadServicesEnv();
  if (process.env.DATABASE_URL) await ensureTemplateDatabase();
}
