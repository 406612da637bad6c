import { randomBytes } from 'node:crypto';
import { InvalidConfigError, loadApiConfig, type ApiConfig } from '../../../api/src/config';
import { EXIT, FeedctlError } from '../exit-codes';

/**
 * The api's configuration for its write side in this process: the same variables the api reads
 * (DATABASE_URL, S3_*, SHARD_COUNT...), so the seed writes where the api would. JWT_SECRET may be
 * unset: registration signs an access token that the seed throws away (demo users sign in later
 * with their password, checked against the hash in the log), so a random key will do.
 */
export function writeSideConfig(env: NodeJS.ProcessEnv): ApiConfig {
  try {
    return loadApiConfig({
      ...env,
      JWT_SECRET: env.JWT_SECRET?.trim() || randomBytes(32).toString('base64url'),
    });
  } catch (error) {
    if (error instanceof InvalidConfigError)
      throw new FeedctlError(error.message, EXIT.unavailable);
    throw error;
  }
}
