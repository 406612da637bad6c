export { seededRandom, type Random } from './seeded-random';
