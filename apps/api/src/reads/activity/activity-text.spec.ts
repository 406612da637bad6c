import { activityText } from './activity-text';

describe('activityText', () => {
  it('names the newest actor and counts the others', () => {
    expect(activityText('like', 'ana', 1)).toBe('ana liked your photo');
    expect(activityText('like', 'ana', 2)).toBe('ana and 1 other liked your photo');
    expect(activityText('follow', 'ben', 4)).toBe('ben and 3 others started following you');
  });

  it('still reads when the actor is unknown (a user not yet projected)', () => {
    expect(activityText('follow', undefined, 1)).toBe('someone started following you');
  });
});
