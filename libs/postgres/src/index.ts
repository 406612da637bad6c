export { migrate, loadMigrations, quoteIdent } from './migrator';
export { MIGRATIONS_DIR } from './paths';
