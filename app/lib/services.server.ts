// Page loaders and actions reach the database and the signed-in actor only through these helpers.
import { redirect } from 'react-router';
import { actorFor, findActiveUser, type StaffUser } from '../../src/partners/index.ts';
import { setClaims } from '../../src/platform/claims/index.ts';
import { clientIpContext, servicesContext } from '../../src/platform/http/index.ts';
import {
  type Action,
  type Actor,
  canAtAll,
  claimsFor,
  ForbiddenError,
} from '../../src/platform/permissions/index.ts';

type Ctx = { get: <T>(key: import('react-router').RouterContext<T>) => T };

export function services(context: Ctx) {
  return context.get(servicesContext);
}

/** One session lookup per request, shared by the root loader and the page's loader or action. */
const usersOfRequest = new WeakMap<object, Promise<StaffUser | null>>();

/**
 * Sessions better-auth has verified in the last few seconds, by cookie: a page view then costs one database
 * query (the user's current status and role, always read) instead of a signature check and a session lookup.
 * Signing out forgets the entry at once; a deactivated user is refused by findActiveUser whatever this says.
 */
const verifiedSessions = new Map<string, { userId: string; until: number }>();
const SESSION_MEMORY_MS = 10_000;

async function sessionUserId(request: Request, context: Ctx): Promise<string | null> {
  const cookie = request.headers.get('cookie') ?? '';
  if (!cookie.includes('palier')) return null;
  const remembered = verifiedSessions.get(cookie);
  if (remembered && remembered.until > Date.now()) return remembered.userId;
  const session = await services(context).auth.api.getSession({ headers: request.headers });
  if (!session) return null;
  if (verifiedSessions.size > 10_000) verifiedSessions.clear();
  verifiedSessions.set(cookie, { userId: session.user.id, until: Date.now() + SESSION_MEMORY_MS });
  return session.user.id;
}

export function forgetSession(request: Request): void {
  verifiedSessions.delete(request.headers.get('cookie') ?? '');
}

export function currentUser(request: Request, context: Ctx): Promise<StaffUser | null> {
  let found = usersOfRequest.get(context);
  if (!found) {
    found = sessionUserId(request, context)
      .then((userId) => (userId ? findActiveUser(services(context).db, userId) : null))
      .then((staff) => {
        // From here on, this request's statements carry the signed-in person's claims to PostgreSQL (second wall).
        if (staff) setClaims(claimsFor(actorFor(staff, { ip: null, channel: 'web' })));
        return staff;
      });
    usersOfRequest.set(context, found);
  }
  return found;
}

/** The signed-in actor, or a redirect to the login page (back here afterwards). */
export async function requireActor(request: Request, context: Ctx, permission?: Action): Promise<Actor> {
  const staff = await currentUser(request, context);
  if (!staff) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const actor = actorFor(staff, {
    ip: context.get(clientIpContext),
    channel: 'web',
  });
  if (permission && !canAtAll(actor, permission)) throw new ForbiddenError(permission);
  return actor;
}

export function intParam(value: string | undefined | null): number {
  const n = Number(value);
  // Identifiers are PostgreSQL integers: anything else cannot exist.
  if (!Number.isInteger(n) || n <= 0 || n > 2_147_483_647) throw new Response('Not found', { status: 404 });
  return n;
}

/** The client's address (behind a trusted proxy, the forwarded one), for limits and the audit trail. */
export function clientIp(context: Ctx): string | null {
  return context.get(clientIpContext);
}

/** An optional identifier from the query string: absent, or a valid one (anything else is simply ignored). */
export function optionalIntParam(value: string | null): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 && n <= 2_147_483_647 ? n : undefined;
}
