import {
  eventFilterPredicate,
  exactAlternation,
  isSystemEvent,
  toSubscriptionFilter,
} from './filtering';

describe('system events', () => {
  it.each([
    ['$settings', 'x', true],
    ['$ce-photo', '$>', true],
    ['photo-1', '$streamDeleted', true],
    ['photo-1', 'PhotoPosted', false],
    ['photo-$1', 'Photo$Posted', false],
  ])('%s / %s → %p', (streamId, type, system) => {
    expect(isSystemEvent(streamId, type)).toBe(system);
  });
});

describe('eventFilterPredicate', () => {
  it('without a filter keeps every event of ours and no system event', () => {
    const keep = eventFilterPredicate(undefined);
    expect(keep('photo-1', 'PhotoPosted')).toBe(true);
    expect(keep('$stats-1', 'stats')).toBe(false);
    expect(keep('photo-1', '$metadata')).toBe(false);
  });

  it('matches event types exactly', () => {
    const keep = eventFilterPredicate({ eventTypes: ['Liked', 'Posted'] });
    expect(keep('photo-1', 'Liked')).toBe(true);
    expect(keep('photo-1', 'Posted')).toBe(true);
    expect(keep('photo-1', 'LikedAgain')).toBe(false);
    expect(keep('photo-1', 'liked')).toBe(false);
  });

  it('matches a category as "<category>-" at the start of the stream id', () => {
    const keep = eventFilterPredicate({ streamCategories: ['photo'] });
    expect(keep('photo-1', 'X')).toBe(true);
    expect(keep('photo-1-b', 'X')).toBe(true);
    expect(keep('photos-1', 'X')).toBe(false);
    expect(keep('photo', 'X')).toBe(false);
    expect(keep('user-photo-1', 'X')).toBe(false);
  });

  it('needs both when both are given; empty lists filter nothing', () => {
    const keep = eventFilterPredicate({ eventTypes: ['Liked'], streamCategories: ['photo'] });
    expect(keep('photo-1', 'Liked')).toBe(true);
    expect(keep('user-1', 'Liked')).toBe(false);
    expect(keep('photo-1', 'Posted')).toBe(false);
    const empty = eventFilterPredicate({ eventTypes: [], streamCategories: [] });
    expect(empty('anything-1', 'Any')).toBe(true);
  });
});

describe('server-side subscription filter', () => {
  it('filters by stream-name prefix when categories are given', () => {
    const filter = toSubscriptionFilter({ streamCategories: ['photo', 'user'], eventTypes: ['X'] });
    expect(filter).toMatchObject({ filterOn: 'streamName', prefixes: ['photo-', 'user-'] });
  });

  it('filters by an exact, escaped event-type regex when only types are given', () => {
    const filter = toSubscriptionFilter({ eventTypes: ['Liked', 'a.b+c'] });
    expect(filter).toMatchObject({ filterOn: 'eventType' });
    const regex = new RegExp((filter as { regex: string }).regex);
    expect(regex.test('Liked')).toBe(true);
    expect(regex.test('a.b+c')).toBe(true);
    expect(regex.test('LikedAgain')).toBe(false);
    expect(regex.test('aXbbc')).toBe(false);
    expect(exactAlternation(['A', 'B'])).toBe('^(?:A|B)$');
  });

  it('drops system events (type starting with $) when there is no filter', () => {
    const filter = toSubscriptionFilter(undefined);
    expect(filter).toMatchObject({ filterOn: 'eventType' });
    const regex = new RegExp((filter as { regex: string }).regex);
    expect(regex.test('PhotoPosted')).toBe(true);
    expect(regex.test('$>')).toBe(false);
  });
});
