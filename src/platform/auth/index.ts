// Sign-in and sessions by better-auth (password hashing, session cookies); Palier keeps roles and status itself.
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from '../db/index.ts';
import { createAttemptLimiter } from './limiter.ts';
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

/** Failed login attempts: 10 per quarter hour for one address and one e-mail, 60 for one address overall. */
export function createLoginLimiter({ clustered = false } = {}) {
  const limiter = createAttemptLimiter(
    [
      { name: 'login-ip', points: 60, durationSeconds: 15 * 60 },
      { name: 'login-account', points: 10, durationSeconds: 15 * 60 },
    ],
    { clustered },
  );
  const accountKey = (ip: string, email: string) => `${ip}|${email.toLowerCase()}`;
  return {
    /** Consumes one attempt; returns the seconds to wait when the limit is reached. */
    attempt: (ip: string, email: string) => limiter.consume([ip, accountKey(ip, email)]),
    /**
     * After a successful login: its point goes back to the address and the account's count is cleared, so the limits
     * count failures — the staff of a facility behind one address sign in all day without being locked out.
     */
    reset: async (ip: string, email: string) => {
      await limiter.refund([ip, null]);
      await limiter.reset(1, accountKey(ip, email));
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;

export {
  type AttemptLimiter,
  addressKey,
  createAttemptLimiter,
  type LimitKeys,
  type LimitRule,
  type LimitVerdict,
  startLimiterPrimary,
} from './limiter.ts';
export { account, apiToken, invitation, session, user, verification } from './schema.ts';
