import type { RecordedEvent } from '@photofeed/event-store';
import { categoryOf, categoryPatterns, logFilter, matches } from './selection';

const event = (streamId: string, type: string) => ({ streamId, type }) as RecordedEvent;

describe('logFilter', () => {
  it('reads one stream as its category, so the log filters it in SQL', () => {
    expect(logFilter({ streamId: 'photo-12', types: ['PhotoPosted'] })).toEqual({
      eventTypes: ['PhotoPosted'],
      streamCategories: ['photo'],
    });
  });

  it('falls back to every category for a stream id the category filter cannot express', () => {
    expect(logFilter({ streamId: 'odd stream' })).toEqual({
      eventTypes: undefined,
      streamCategories: undefined,
    });
  });

  it('passes categories and types through, and no filter for none', () => {
    expect(logFilter({ categories: ['like', 'follow'] }).streamCategories).toEqual([
      'like',
      'follow',
    ]);
    expect(logFilter({ types: [], categories: [] })).toEqual({
      eventTypes: undefined,
      streamCategories: undefined,
    });
  });
});

describe('matches', () => {
  it('keeps only the stream asked for, not its neighbours in the category', () => {
    const selection = { streamId: 'photo-12' };
    expect(matches(selection, event('photo-12', 'PhotoPosted'))).toBe(true);
    expect(matches(selection, event('photo-123', 'PhotoPosted'))).toBe(false);
    expect(matches(selection, event('photo-1', 'PhotoPosted'))).toBe(false);
  });

  it('keeps only the types asked for', () => {
    const selection = { types: ['PhotoLiked', 'PhotoUnliked'] };
    expect(matches(selection, event('like-1-2', 'PhotoUnliked'))).toBe(true);
    expect(matches(selection, event('like-1-2', 'PhotoPosted'))).toBe(false);
  });
});

describe('categoryOf / categoryPatterns', () => {
  it('is the text before the first dash', () => {
    expect(categoryOf('like-1-2')).toBe('like');
    expect(categoryOf('nodash')).toBeUndefined();
    expect(categoryOf('-1')).toBeUndefined();
  });

  it('escapes _ so a category matches only itself in LIKE', () => {
    expect(categoryPatterns(['view_state', 'photo'])).toEqual(['view\\_state-%', 'photo-%']);
    expect(categoryPatterns([])).toBeNull();
  });
});
