import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('is zero before anything is recorded', () => {
    expect(new RateMeter(0).perSecond(5_000)).toBe(0);
  });

  it('divides by the time elapsed since start until a full window has passed', () => {
    const meter = new RateMeter(1_000);
    meter.record(50, 1_500);
    meter.record(50, 2_000);
    // 100 events in the 1 s since start, not spread over the 10 s window.
    expect(meter.perSecond(2_000)).toBe(100);
  });

  it('counts only the events of the last window once it is full', () => {
    const meter = new RateMeter(0, 10_000);
    meter.record(1_000, 1_000); // falls out at 11 s
    meter.record(200, 12_000);
    expect(meter.perSecond(12_000)).toBe(20);
  });

  it('decays to zero when nothing more is recorded', () => {
    const meter = new RateMeter(0, 10_000);
    meter.record(500, 15_000);
    expect(meter.perSecond(15_000)).toBe(50);
    expect(meter.perSecond(24_999)).toBe(50);
    expect(meter.perSecond(25_000)).toBe(0);
  });

  it('ignores empty batches', () => {
    const meter = new RateMeter(0, 1_000);
    meter.record(0, 500);
    expect(meter.perSecond(500)).toBe(0);
  });
});
