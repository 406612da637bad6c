export { registerSeed, SEED_DEFAULTS } from './seed.command';
