import type { Problem } from './problem';

/**
 * Turns an error a feature throws into a problem, or returns undefined for errors it does not own.
 * Mappers must be pure and cheap: they run for every failed request until one answers.
 */
export type ProblemMapper = (error: unknown) => Problem | undefined;

const mappers = new Set<ProblemMapper>();

/**
 * Lets a feature map its own errors without touching the filter. Register once, at module load
 * or in the feature module's constructor:
 *
 *   registerProblemMapper((e) => (e instanceof DomainError ? problemForCodedError(e) : undefined));
 *
 * Registering the same function again is a no-op. Returns a function that unregisters it (tests).
 */
export function registerProblemMapper(mapper: ProblemMapper): () => void {
  mappers.add(mapper);
  return () => mappers.delete(mapper);
}

export function mapWithRegisteredMappers(error: unknown): Problem | undefined {
  for (const mapper of mappers) {
    const problem = mapper(error);
    if (problem) return problem;
  }
  return undefined;
}
