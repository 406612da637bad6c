import { BIO_MAX, CAPTION_MAX, USERNAME_PATTERN } from '@photofeed/domain';
import { demoPlan, demoUsers, LOCATED_SHARE } from './demo-plan';
import { CITY_JITTER_DEGREES, DEMO_CITIES } from './demo-places';

const options = { seed: 1, batch: 0, users: 200, photosPerUser: 2 };

describe('demoPlan', () => {
  it('is the same plan for the same options', () => {
    expect(demoPlan(options)).toEqual(demoPlan(options));
  });

  it('has valid, unique usernames, tagged with the seed and batch', () => {
    const names = demoPlan(options).users.map((u) => u.username);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(USERNAME_PATTERN);
    expect(names[0]).toMatch(/^[a-z]+0_s1$/);
    // The longest tag still fits the 30 characters of a username.
    const [longest] = demoUsers(2 ** 31 - 1, 9999, 1).map((u) =>
      u.username.replace('0_', '99999_'),
    );
    expect(longest).toMatch(USERNAME_PATTERN);
  });

  it("keeps each user's name whatever the batch's sizes, and gives other seeds and batches other names", () => {
    const names = (o: typeof options) => demoPlan(o).users.map((u) => u.username);
    expect(names({ ...options, users: 50, photosPerUser: 5 })).toEqual(names(options).slice(0, 50));
    const taken = new Set(names(options));
    for (const other of [names({ ...options, seed: 2 }), names({ ...options, batch: 1 })])
      expect(other.filter((n) => taken.has(n))).toEqual([]);
  });

  it('gives every user a bio the domain accepts', () => {
    for (const { bio } of demoPlan(options).users) {
      expect(bio.length).toBeGreaterThan(0);
      expect(bio.length).toBeLessThanOrEqual(BIO_MAX);
    }
  });

  it("posts everyone's first photo before anyone's second", () => {
    const { photos } = demoPlan(options);
    expect(photos).toHaveLength(400);
    expect(photos.slice(0, 200).every((p) => p.nth === 0)).toBe(true);
    expect(photos.map((p) => `${p.owner}:${p.nth}`)).toContain('199:1');
    expect(new Set(photos.map((p) => p.image.seed)).size).toBe(photos.length);
  });

  it('puts some photos, not all, near a real city, and captions them', () => {
    const { photos } = demoPlan(options);
    const located = photos.filter((p) => p.location);
    expect(located.length / photos.length).toBeGreaterThan(LOCATED_SHARE - 0.1);
    expect(located.length / photos.length).toBeLessThan(LOCATED_SHARE + 0.1);
    for (const { location, caption } of located) {
      const city = DEMO_CITIES.find((c) => location!.placeName!.endsWith(`, ${c.name}`))!;
      expect(Math.abs(location!.lat - city.lat)).toBeLessThanOrEqual(CITY_JITTER_DEGREES);
      expect(Math.abs(location!.lng - city.lng)).toBeLessThanOrEqual(CITY_JITTER_DEGREES);
      expect(caption).toContain(location!.placeName!.split(',')[0]);
    }
    for (const { caption } of photos) {
      expect(caption.length).toBeGreaterThan(0);
      expect(caption.length).toBeLessThanOrEqual(CAPTION_MAX);
    }
  });

  it('counts the followers of the follow graph it plans', () => {
    const plan = demoPlan(options);
    expect(plan.followers.reduce((a, b) => a + b, 0)).toBe(plan.follows.length);
    expect(plan.likes.every((l) => l.photo < plan.photos.length)).toBe(true);
  });
});
