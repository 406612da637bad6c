import { canonicalJson } from './request-fingerprint';
import { readIdempotencyKey } from './idempotency-key';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('an absent body is the empty string, unlike an empty object', () => {
    expect(canonicalJson(undefined)).toBe('');
    expect(canonicalJson({})).toBe('{}');
  });
});

describe('readIdempotencyKey', () => {
  it('is undefined without the header', () => {
    expect(readIdempotencyKey({})).toBeUndefined();
  });

  it.each(['a', 'k'.repeat(255), '0190f1c2-7d3e-7a4b-9c1d-2e3f4a5b6c7d', 'key with spaces'])(
    'accepts %j',
    (key) => {
      expect(readIdempotencyKey({ 'idempotency-key': key })).toBe(key);
    },
  );

  it.each(['', ' ', 'k'.repeat(256), 'tab\there', 'clé'])('refuses %j with a 400', (key) => {
    expect(() => readIdempotencyKey({ 'idempotency-key': key })).toThrow(
      expect.objectContaining({ problem: expect.objectContaining({ status: 400 }) }),
    );
  });
});
