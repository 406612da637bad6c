import type { RecordedEvent } from '@photofeed/event-store';
import { passes, unionFilter } from './shared-filter';

const event = (type: string, streamId: string) => ({ type, streamId }) as RecordedEvent;

describe('shared filter of a rebuild', () => {
  it('unites event types when every projection names types', () => {
    expect(unionFilter([{ eventTypes: ['B', 'A'] }, { eventTypes: ['C', 'A'] }])).toEqual({
      eventTypes: ['A', 'B', 'C'],
    });
  });

  it('reads everything when one projection takes everything or filters by category', () => {
    expect(unionFilter([{ eventTypes: ['A'] }, undefined])).toBeUndefined();
    expect(unionFilter([{ eventTypes: ['A'] }, { streamCategories: ['user'] }])).toBeUndefined();
  });

  it('applies a projection filter in memory as the log does', () => {
    expect(passes(event('A', 'user-1'), { eventTypes: ['A'] })).toBe(true);
    expect(passes(event('B', 'user-1'), { eventTypes: ['A'] })).toBe(false);
    expect(passes(event('A', 'user-1'), { streamCategories: ['user'] })).toBe(true);
    expect(passes(event('A', 'username-x'), { streamCategories: ['user'] })).toBe(false);
    expect(passes(event('A', 'like-1-2'), undefined)).toBe(true);
  });
});
