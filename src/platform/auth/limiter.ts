// Limits on guessing (passwords, ballot codes): counts per key over a window, shared by the workers of a cluster.
import { RateLimiterCluster, RateLimiterClusterMaster, RateLimiterMemory } from 'rate-limiter-flexible';

export interface LimitRule {
  /** Names the counter, e.g. "login-ip". */
  name: string;
  points: number;
  durationSeconds: number;
}

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Keys in the rules' order; `null` leaves that rule out of this attempt. */
export type LimitKeys = readonly (string | null)[];

export interface AttemptLimiter {
  /** Consumes one point on each rule's key; refuses when any is exhausted. */
  consume(keys: LimitKeys): Promise<LimitVerdict>;
  /** Gives back the points of an attempt that turned out to be legitimate (consume first, refund after). */
  refund(keys: LimitKeys): Promise<void>;
  /** Whether the keys are blocked, without consuming anything (for limits that count failures only). */
  check(keys: LimitKeys): Promise<LimitVerdict>;
  reset(ruleIndex: number, key: string): Promise<void>;
}

/** In a cluster the counts live in the primary process (`clustered`), so a limit holds across workers. */
export function createAttemptLimiter(
  rules: readonly LimitRule[],
  { clustered = false } = {},
): AttemptLimiter {
  const limiters = rules.map((rule) =>
    clustered
      ? new RateLimiterCluster({
          keyPrefix: rule.name,
          points: rule.points,
          duration: rule.durationSeconds,
          timeoutMs: 3000,
        })
      : new RateLimiterMemory({ keyPrefix: rule.name, points: rule.points, duration: rule.durationSeconds }),
  );
  return {
    async consume(keys) {
      try {
        for (const [i, limiter] of limiters.entries()) if (keys[i]) await limiter.consume(keys[i]!);
        return { allowed: true };
      } catch (rejection) {
        const ms = (rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
        return { allowed: false, retryAfterSeconds: Math.ceil(ms / 1000) };
      }
    },
    async check(keys) {
      for (const [i, limiter] of limiters.entries()) {
        if (!keys[i]) continue;
        const state = await limiter.get(keys[i]!);
        if (state && state.consumedPoints >= rules[i]!.points)
          return { allowed: false, retryAfterSeconds: Math.ceil(state.msBeforeNext / 1000) };
      }
      return { allowed: true };
    },
    async refund(keys) {
      for (const [i, limiter] of limiters.entries()) if (keys[i]) await limiter.reward(keys[i]!, 1);
    },
    async reset(ruleIndex, key) {
      await limiters[ruleIndex]!.delete(key);
    },
  };
}

/** In the primary process of a cluster: holds the workers' shared counts. */
export function startLimiterPrimary(): void {
  new RateLimiterClusterMaster();
}

/**
 * The key of a client address for limits: IPv6 clients get a whole /64 each (one subscriber's block), so that
 * cycling through addresses of one block does not escape a limit.
 */
export function addressKey(ip: string | null): string {
  if (!ip) return 'unknown';
  const bare = ip.replace(/^::ffff:/i, '');
  if (!bare.includes(':')) return bare;
  const [head = '', tail = ''] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = bare.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
