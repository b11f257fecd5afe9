import { describe, expect, it } from 'vitest';
import { addressKey, createAttemptLimiter } from './limiter.ts';

describe('address keys for limits', () => {
  it.each<[string | null, string]>([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002::', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    [null, 'unknown'],
  ])('%s → %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe('attempt limits', () => {
  it('count before, give back after, and leave out the rules without a key', async () => {
    const limiter = createAttemptLimiter([
      { name: 'test-a', points: 2, durationSeconds: 60 },
      { name: 'test-b', points: 1, durationSeconds: 60 },
    ]);
    expect(await limiter.consume(['x', null])).toEqual({ allowed: true });
    await limiter.refund(['x', null]);
    expect(await limiter.consume(['x', null])).toEqual({ allowed: true });
    expect(await limiter.consume(['x', null])).toEqual({ allowed: true });
    expect(await limiter.consume(['x', null])).toMatchObject({ allowed: false });
    expect(await limiter.check([null, 'y'])).toEqual({ allowed: true });
    await limiter.consume([null, 'y']);
    expect(await limiter.check([null, 'y'])).toMatchObject({
      allowed: false,
      retryAfterSeconds: expect.any(Number),
    });
  });
});
