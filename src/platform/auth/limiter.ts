// Limits on guessing (passwords, ballot codes): counts per key over a window, shared by the workers of a cluster.
import { RateLimiterCluster, RateLimiterClusterMaster, RateLimiterMemory } from 'rate-limiter-flexible';

export interface LimitRule {
  /** Names the counter, e.g. "login-ip". */
  name: string;
  points: number;
  durationSeconds: number;
}

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface AttemptLimiter {
  /** Consumes one point on each rule's key (keys in the rules' order); refuses when any is exhausted. */
  consume(keys: readonly string[]): Promise<LimitVerdict>;
  /** Whether the keys are blocked, without consuming anything (for limits that count failures only). */
  check(keys: readonly string[]): Promise<LimitVerdict>;
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
        for (const [i, limiter] of limiters.entries()) await limiter.consume(keys[i]!);
        return { allowed: true };
      } catch (rejection) {
        const ms = (rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
        return { allowed: false, retryAfterSeconds: Math.ceil(ms / 1000) };
      }
    },
    async check(keys) {
      for (const [i, limiter] of limiters.entries()) {
        const state = await limiter.get(keys[i]!);
        if (state && state.consumedPoints >= rules[i]!.points)
          return { allowed: false, retryAfterSeconds: Math.ceil(state.msBeforeNext / 1000) };
      }
      return { allowed: true };
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
