export const ACCOUNTS_OPTIONS = Symbol('ACCOUNTS_OPTIONS');

export interface AccountsOptions {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** Logical shards a new user is placed on, at random: [0, shardCount). */
  shardCount: number;
}
