// Sign-in and sessions by better-auth (password hashing, session cookies); Palier keeps roles and status itself.
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { RateLimiterCluster, RateLimiterClusterMaster, RateLimiterMemory } from 'rate-limiter-flexible';
import type { Db } from '../db/index.ts';
import { account, session, user, verification } from './schema.ts';

export function createAuth({ db, secret, baseUrl }: { db: Db; secret: string; baseUrl: string }) {
  return betterAuth({
    database: drizzleAdapter(db, { provider: 'pg', schema: { user, session, account, verification } }),
    secret,
    baseURL: baseUrl,
    // Accounts are created by invitation or by the CLI, never by open sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 128 },
    // The session is read from a signed cookie for up to a minute between database checks; Palier checks the
    // user's status and role in the database on every request anyway (findActiveUser), so deactivation is immediate.
    session: { expiresIn: 60 * 60 * 10, updateAge: 60 * 30, cookieCache: { enabled: true, maxAge: 60 } },
    // Palier calls the API from its own login action, where it applies its own limiter (below).
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: { cookiePrefix: 'palier', useSecureCookies: baseUrl.startsWith('https://') },
    logger: { disabled: true },
    // Palier's own columns on a user, declared so that better-auth knows it never writes them itself.
    user: {
      additionalFields: {
        programmeId: { type: 'number', required: true, input: false },
        organisationId: { type: 'number', required: false, input: false },
        role: { type: 'string', required: true, input: false },
        status: { type: 'string', required: false, input: false, defaultValue: 'active' },
        householdId: { type: 'number', required: false, input: false },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * Login attempts: 10 per quarter hour for one address and one e-mail, 60 for one address overall. In a cluster
 * of workers the counts live in the primary process (`clustered`), so the limit holds across workers.
 */
export function createLoginLimiter({ clustered = false } = {}) {
  const make = (keyPrefix: string, points: number) =>
    clustered
      ? new RateLimiterCluster({ keyPrefix, points, duration: 15 * 60, timeoutMs: 3000 })
      : new RateLimiterMemory({ keyPrefix, points, duration: 15 * 60 });
  const perAccount = make('login-account', 10);
  const perIp = make('login-ip', 60);
  return {
    /** Consumes one attempt; returns the seconds to wait when the limit is reached. */
    async attempt(
      ip: string,
      email: string,
    ): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
      try {
        await perIp.consume(ip);
        await perAccount.consume(`${ip}|${email.toLowerCase()}`);
        return { allowed: true };
      } catch (rejection) {
        const ms = (rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
        return { allowed: false, retryAfterSeconds: Math.ceil(ms / 1000) };
      }
    },
    async reset(ip: string, email: string) {
      await perAccount.delete(`${ip}|${email.toLowerCase()}`);
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;

/** In the primary process of a cluster: holds the workers' shared login counts. */
export function startLoginLimiterPrimary(): void {
  new RateLimiterClusterMaster();
}

export { account, apiToken, invitation, session, user, verification } from './schema.ts';
