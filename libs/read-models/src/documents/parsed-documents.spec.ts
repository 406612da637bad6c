import { ParsedDocuments } from './parsed-documents';

const bytes = (doc: unknown) => Buffer.from(JSON.stringify(doc));

describe('ParsedDocuments', () => {
  it('reuses a parsed document only while memcached answers the same bytes', () => {
    const parsed = new ParsedDocuments(10);
    const first = parsed.parse<{ id: string; n: number }>('k', bytes({ id: '1', n: 1 }));
    expect(first).toEqual({ id: '1', n: 1 });
    expect(parsed.parse('k', bytes({ id: '1', n: 1 }))).toBe(first);
    const changed = parsed.parse('k', bytes({ id: '1', n: 2 }));
    expect(changed).toEqual({ id: '1', n: 2 });
    expect(parsed.parse('k', bytes({ id: '1', n: 1 }))).not.toBe(first); // replaced, parsed again
  });

  it('freezes what it shares, deeply', () => {
    const parsed = new ParsedDocuments(10);
    const doc = parsed.parse<{ id: string; location: { lat: number } }>(
      'k',
      bytes({ id: '1', location: { lat: 1 } }),
    )!;
    expect(Object.isFrozen(doc) && Object.isFrozen(doc.location)).toBe(true);
  });

  it('keeps at most its capacity, dropping the oldest', () => {
    const parsed = new ParsedDocuments(2);
    const a = parsed.parse('a', bytes({ id: 'a' }));
    parsed.parse('b', bytes({ id: 'b' }));
    parsed.parse('c', bytes({ id: 'c' }));
    expect(parsed.size).toBe(2);
    expect(parsed.parse('a', bytes({ id: 'a' }))).not.toBe(a);
  });

  it('answers null for what is not a document, and keeps nothing at capacity 0', () => {
    const parsed = new ParsedDocuments(0);
    expect(parsed.parse('k', Buffer.from('{not json'))).toBeNull();
    expect(parsed.parse('k', bytes({ noId: true }))).toBeNull();
    expect(parsed.parse('k', undefined)).toBeNull();
    const a = parsed.parse('k', bytes({ id: 'a' }));
    expect(parsed.parse('k', bytes({ id: 'a' }))).not.toBe(a);
    expect(parsed.size).toBe(0);
  });
});
