/**
 * What people type, for the rebuild bench's log: names, captions, bios, places. Small word lists:
 * sizes and shapes like real input (a caption is empty, a few words or a paragraph with hashtags),
 * without pretending to be language.
 */
import type { PhotoLocation } from '@photofeed/domain';
import type { LogRandom } from './rebuild-log-random';

const FIRST = ['ana', 'joao', 'maria', 'li', 'sam', 'noor', 'ivan', 'zoe', 'kai', 'lea', 'omar'];
const LAST = ['silva', 'chen', 'smith', 'kowalski', 'haddad', 'ito', 'garcia', 'novak', 'okafor'];
const WORDS = [
  'sunset',
  'coffee',
  'morning',
  'beach',
  'city',
  'friends',
  'weekend',
  'light',
  'street',
  'food',
  'mountains',
  'rain',
  'home',
  'finally',
  'best',
  'view',
  'summer',
  'night',
  'old',
  'new',
  'walk',
];
const TAGS = ['#nofilter', '#travel', '#foodie', '#photooftheday', '#love', '#instagood', '#art'];
const PLACES: readonly [number, number, string][] = [
  [38.7223, -9.1393, 'Lisbon'],
  [40.7128, -74.006, 'New York'],
  [35.6762, 139.6503, 'Tokyo'],
  [-23.5505, -46.6333, 'São Paulo'],
  [51.5072, -0.1276, 'London'],
  [48.8566, 2.3522, 'Paris'],
  [-33.8688, 151.2093, 'Sydney'],
  [19.076, 72.8777, 'Mumbai'],
  [37.7749, -122.4194, 'San Francisco'],
];
/** Sizes of the stored original (longest side at most 2048): square, portrait, landscape. */
const SIZES: readonly [number, number][] = [
  [1080, 1080],
  [1080, 1350],
  [2048, 1536],
  [1536, 2048],
  [1080, 608],
];

const cap = (word: string) => word[0].toUpperCase() + word.slice(1);

export function username(random: LogRandom, index: number): string {
  return `${random.pick(FIRST)}.${random.pick(LAST)}${index}`;
}

export function displayName(random: LogRandom): string {
  return `${cap(random.pick(FIRST))} ${cap(random.pick(LAST))}`;
}

function words(random: LogRandom, n: number): string {
  return Array.from({ length: n }, () => random.pick(WORDS)).join(' ');
}

export function caption(random: LogRandom): string {
  const r = random.float();
  if (r < 0.15) return '';
  if (r < 0.75) return cap(words(random, 1 + random.int(6)));
  const tags = Array.from({ length: 1 + random.int(5) }, () => random.pick(TAGS)).join(' ');
  return `${cap(words(random, 8 + random.int(25)))}. ${tags}`;
}

export function bio(random: LogRandom): string {
  return random.chance(0.1) ? '' : cap(words(random, 3 + random.int(12)));
}

/** A place near a city (within ~10 km), sometimes without its name. */
export function location(random: LogRandom): PhotoLocation {
  const [lat, lng, placeName] = random.pick(PLACES);
  const jitter = () => Math.round((random.float() - 0.5) * 2000) / 10000;
  const at = { lat: lat + jitter(), lng: lng + jitter() };
  return random.chance(0.8) ? { ...at, placeName } : at;
}

export function size(random: LogRandom): { width: number; height: number } {
  const [width, height] = random.pick(SIZES);
  return { width, height };
}

/** An argon2id hash string as @node-rs/argon2 prints it (16-byte salt, 32-byte hash). */
export function passwordHash(random: LogRandom): string {
  const b64 = (n: number) => random.bytes(n).toString('base64').replace(/=+$/, '');
  return `$argon2id$v=19$m=19456,t=2,p=1$${b64(16)}$${b64(32)}`;
}
