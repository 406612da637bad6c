import type { Output } from '../output';
import type { DemoPlan } from './demo-plan';

export interface SeedCount {
  /** In the batch's plan. */
  total: number;
  /** By this run (the rest were there already, or were not reached). */
  written: number;
}

export interface DemoLogin {
  username: string;
  password: string;
  displayName: string;
  followers: number;
}

export interface SeedSummary {
  /** seeded: a new batch; resumed: an interrupted one completed; skipped: nothing to do. */
  status: 'seeded' | 'resumed' | 'skipped' | 'interrupted';
  seed: number;
  batch: number;
  users: SeedCount;
  photos: SeedCount;
  photosWithLocation: number;
  follows: SeedCount;
  likes: SeedCount;
  maxFollowers: number;
  medianFollowers: number;
  celebrityFollowers: number;
  /** Demo users with more followers than celebrityFollowers (merged into feeds at read time). */
  celebrities: number;
  elapsedMs: number;
  logins: DemoLogin[];
}

/** What one run wrote, step by step. */
export interface Written {
  users: number;
  bios: number;
  follows: number;
  photos: number;
  likes: number;
}
export const noneWritten = (): Written => ({ users: 0, bios: 0, follows: 0, photos: 0, likes: 0 });

/** A run in numbers: the plan's totals, what this run wrote, and a few logins to try. */
export function summarize(
  plan: DemoPlan,
  run: { password: string; celebrityFollowers: number; elapsedMs: number },
  status: SeedSummary['status'],
  written: Written,
): SeedSummary {
  const sorted = [...plan.followers].sort((a, b) => a - b);
  return {
    status,
    seed: plan.options.seed,
    batch: plan.options.batch,
    users: { total: plan.users.length, written: written.users },
    photos: { total: plan.photos.length, written: written.photos },
    photosWithLocation: plan.photos.filter((p) => p.location).length,
    follows: { total: plan.follows.length, written: written.follows },
    likes: { total: plan.likes.length, written: written.likes },
    maxFollowers: sorted.at(-1) ?? 0,
    medianFollowers: sorted[Math.floor(sorted.length / 2)] ?? 0,
    celebrityFollowers: run.celebrityFollowers,
    celebrities: plan.followers.filter((n) => n > run.celebrityFollowers).length,
    elapsedMs: run.elapsedMs,
    logins: demoLogins(plan, run.password),
  };
}

/** The two most followed users (celebrities, if the threshold is low) and one typical user. */
function demoLogins(plan: DemoPlan, password: string): DemoLogin[] {
  const byFollowers = plan.users
    .map((user, i) => ({ user, followers: plan.followers[i] }))
    .sort((a, b) => b.followers - a.followers);
  const chosen = [...byFollowers.slice(0, 2), byFollowers[Math.floor(byFollowers.length / 2)]];
  return [...new Set(chosen)]
    .filter((c) => c !== undefined)
    .map(({ user, followers }) => ({
      username: user.username,
      password,
      displayName: user.displayName,
      followers,
    }));
}

/** The summary as tables for people, or as one JSON document with `--json`. */
export function printSummary(out: Output, summary: SeedSummary): void {
  if (out.json) return out.data(summary);
  out.line(headline(summary));
  if (summary.status !== 'skipped') {
    const rows = (['users', 'photos', 'follows', 'likes'] as const).map((what) => ({
      what,
      ...summary[what],
    }));
    out.table(rows, [
      { header: 'what', value: (r) => r.what },
      { header: 'in the demo', value: (r) => r.total, align: 'right' },
      { header: 'written now', value: (r) => r.written, align: 'right' },
    ]);
    out.line(
      `${summary.photosWithLocation} photos carry a location; followers per user: ` +
        `max ${summary.maxFollowers}, median ${summary.medianFollowers}; ` +
        `${summary.celebrities} above FEED_CELEBRITY_FOLLOWERS=${summary.celebrityFollowers} ` +
        '(merged into home feeds at read time)',
    );
  }
  if (summary.status === 'interrupted') return; // the logins may not exist yet
  out.line('Demo logins (POST /auth/login {"username", "password"}):');
  out.table(summary.logins, [
    { header: 'username', value: (l) => l.username },
    { header: 'password', value: (l) => l.password },
    { header: 'name', value: (l) => l.displayName },
    { header: 'followers', value: (l) => l.followers, align: 'right' },
  ]);
}

function headline(s: SeedSummary): string {
  const which = `batch ${s.batch} of seed ${s.seed}`;
  const took = `${(s.elapsedMs / 1000).toFixed(1)} s`;
  switch (s.status) {
    case 'skipped':
      return (
        `Demo data already there (${which}: ${s.users.total} users, ${s.photos.total} photos); ` +
        'nothing written. --force adds another batch.'
      );
    case 'seeded':
      return `Seeded ${which} in ${took}.`;
    case 'resumed':
      return `Completed the interrupted ${which} in ${took}.`;
    case 'interrupted':
      return `Interrupted after ${took}: run the same command again to complete ${which}.`;
  }
}
