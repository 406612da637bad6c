import type { Output } from '../output';
import type { SeedSummary } from './seed-demo';

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
