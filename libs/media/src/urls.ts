import { PHOTO_SIZES, type PhotoSize } from './photo-sizes';
import type { PhotoObjectKeys } from './storage/photo-object-keys';

export type PhotoUrls = Record<PhotoSize, string>;

/**
 * Validates the CDN base URL once (call it at startup, so a bad setting fails the boot, not a
 * request) and returns a function from object keys to absolute URLs. The base may carry a path
 * prefix (`https://cdn.example.com/media/`, or `http://127.0.0.1:9000/photos` for a path-style
 * bucket); slashes are joined so that there is exactly one between base and key.
 */
export function photoUrlBuilder(cdnBaseUrl: string): (keys: PhotoObjectKeys) => PhotoUrls {
  const base = parseBaseUrl(cdnBaseUrl);
  return (keys) => {
    const urls = {} as PhotoUrls;
    for (const size of PHOTO_SIZES) urls[size] = `${base}/${encodeKey(keys[size])}`;
    return urls;
  };
}

/** One-off form of photoUrlBuilder; prefer the builder where the base URL is configuration. */
export function photoUrls(keys: PhotoObjectKeys, cdnBaseUrl: string): PhotoUrls {
  return photoUrlBuilder(cdnBaseUrl)(keys);
}

function parseBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new TypeError(`CDN base URL is not an absolute URL: ${JSON.stringify(input)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`CDN base URL must be http(s), got ${url.protocol}`);
  if (url.search || url.hash || url.username || url.password)
    throw new TypeError('CDN base URL must not carry a query, a fragment or credentials');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

const SAFE_KEY = /^[A-Za-z0-9._~-][A-Za-z0-9._~/-]*$/;

/** Each path segment percent-encoded; leading slashes dropped (the base supplies the one slash). */
function encodeKey(key: string): string {
  // The keys we write are already URL-safe: skip the split/encode/join (it shows in read profiles).
  if (SAFE_KEY.test(key)) return key;
  return key.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
}
