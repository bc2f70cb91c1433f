import { TokenBucket } from '../../../../src/connectors/webchat/token-bucket';

describe('the per-socket token bucket', () => {
  const clock = () => {
    let now = 0;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('lets a burst of `capacity` through, then refuses until tokens come back', () => {
    const time = clock();
    const bucket = new TokenBucket(10, 10_000, time.now);

    const burst = Array.from({ length: 11 }, () => bucket.take());

    expect(burst.filter(Boolean)).toHaveLength(10);
    expect(burst[10]).toBe(false);
    expect(bucket.retryAfterMs()).toBe(1000);
    time.advance(999);
    expect(bucket.take()).toBe(false);
    time.advance(1);
    expect(bucket.take()).toBe(true);
  });

  it('refills at capacity per window and never holds more than capacity', () => {
    const time = clock();
    const bucket = new TokenBucket(10, 10_000, time.now);
    for (let i = 0; i < 10; i++) bucket.take();

    time.advance(5_000);
    const afterHalfWindow = Array.from({ length: 6 }, () => bucket.take()).filter(Boolean);
    time.advance(3_600_000);
    const afterAnHour = Array.from({ length: 12 }, () => bucket.take()).filter(Boolean);

    expect(afterHalfWindow).toHaveLength(5);
    expect(afterAnHour).toHaveLength(10);
  });

  it('sustains one message a second at the default limit indefinitely', () => {
    const time = clock();
    const bucket = new TokenBucket(10, 10_000, time.now);
    const accepted = Array.from({ length: 120 }, () => {
      time.advance(1000);
      return bucket.take();
    });

    expect(accepted.every(Boolean)).toBe(true);
  });
});
