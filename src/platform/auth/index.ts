// Sign-in and sessions by better-auth (password hashing, session cookies); Palier keeps roles and status itself.
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from '../db/index.ts';
import { addressKey, createAttemptLimiter } from './limiter.ts';
import { account, session, user, verification } from './schema.ts';

/**
 * The cookies better-auth sets (the session, its short-lived signed copy, "don't remember me"): always HttpOnly,
 * SameSite=Lax and Path=/. Over https they are also Secure and named `__Host-…`: a browser then refuses them from
 * plain http and from any other host — a sibling site under the same domain (`autre.bailleur.fr`) cannot plant a
 * session cookie for Palier. Lax rather than Strict: a link to Palier in an e-mail or a partner's site must open
 * the page signed in; cross-site posts carry no session either way.
 */
export function sessionCookieSettings(baseUrl: string) {
  const https = baseUrl.startsWith('https://');
  const names = ['session_token', 'session_data', 'dont_remember', 'account_data'] as const;
  return {
    cookiePrefix: 'palier',
    // The `__Host-` names below carry the Secure attribute themselves; better-auth's own prefix would be `__Secure-`.
    useSecureCookies: false,
    defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: https },
    ...(https
      ? { cookies: Object.fromEntries(names.map((name) => [name, { name: `__Host-palier.${name}` }])) }
      : {}),
  };
}

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
    advanced: sessionCookieSettings(baseUrl),
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
 * Failed sign-ins: 10 per quarter hour for one address and one e-mail, 60 for one address overall (IPv6: per /64),
 * and 50 per hour for one e-mail from all addresses together (a guesser spreading over many addresses). The last one
 * can lock a person out for up to an hour while someone guesses their password: a price worth paying, and it says so.
 * Accepting an invitation (no account yet, an expensive password hash) is limited too: 10 per quarter hour for one
 * address.
 */
export function createLoginLimiter({ clustered = false } = {}) {
  const limiter = createAttemptLimiter(
    [
      { name: 'login-ip', points: 60, durationSeconds: 15 * 60 },
      { name: 'login-account', points: 10, durationSeconds: 15 * 60 },
      { name: 'login-account-any', points: 50, durationSeconds: 60 * 60 },
    ],
    { clustered },
  );
  const invitations = createAttemptLimiter(
    [{ name: 'invitation-ip', points: 10, durationSeconds: 15 * 60 }],
    { clustered },
  );
  const keys = (ip: string | null, email: string) => {
    const address = addressKey(ip);
    const account = email.trim().toLowerCase();
    return { address, pair: `${address}|${account}`, account };
  };
  return {
    /** Consumes one attempt; returns the seconds to wait when the limit is reached. */
    attempt: (ip: string | null, email: string) => {
      const { address, pair, account } = keys(ip, email);
      return limiter.consume([address, pair, account]);
    },
    /**
     * After a successful login: its point goes back to the address and to the account, and the count of this
     * address for this account is cleared, so the limits count failures — the staff of a facility behind one address
     * sign in all day without being locked out.
     */
    reset: async (ip: string | null, email: string) => {
      const { address, pair, account } = keys(ip, email);
      await limiter.refund([address, null, account]);
      await limiter.reset(1, pair);
    },
    /** One attempt at accepting an invitation from this address. */
    invitation: (ip: string | null) => invitations.consume([addressKey(ip)]),
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
