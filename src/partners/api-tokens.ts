// API tokens for partner systems: shown once, stored as a SHA-256 digest, revocable, tied to a user's role.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { apiToken, user } from '../platform/auth/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, NotFoundError } from '../platform/permissions/index.ts';
import { sha256 } from './users.ts';

const TOKEN_PREFIX = 'plr_';

export async function createApiToken({
  db,
  actor,
  userId,
  name,
}: {
  db: Db;
  actor: Actor;
  userId: string;
  name: string;
}): Promise<
  { ok: true; id: number; token: string } | { ok: false; reason: 'unknown_user' | 'inactive_user' }
> {
  assertCan(actor, 'token.manage', { programmeId: actor.programmeId });
  return db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ id: user.id, status: user.status })
      .from(user)
      .where(and(eq(user.id, userId), eq(user.programmeId, actor.programmeId)));
    if (!owner) return { ok: false as const, reason: 'unknown_user' as const };
    if (owner.status !== 'active') return { ok: false as const, reason: 'inactive_user' as const };
    // 32 random bytes: unguessable, so a fast digest is the right way to store it (no salt or slow hash needed).
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const [row] = await tx
      .insert(apiToken)
      .values({
        userId,
        name,
        prefix: token.slice(0, 12),
        secretHash: sha256(token),
        createdBy: actor.userId,
      })
      .returning({ id: apiToken.id });
    await recordAudit(tx, actor, {
      action: 'api_token.created',
      entityType: 'user',
      entityId: userId,
      details: { tokenId: row!.id, name },
    });
    return { ok: true as const, id: row!.id, token };
  });
}

export async function listApiTokens({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCan(actor, 'token.manage', { programmeId: actor.programmeId });
  return db
    .select({
      id: apiToken.id,
      name: apiToken.name,
      prefix: apiToken.prefix,
      createdAt: apiToken.createdAt,
      lastUsedAt: apiToken.lastUsedAt,
      revokedAt: apiToken.revokedAt,
      userId: user.id,
      userName: user.name,
      userEmail: user.email,
      role: user.role,
    })
    .from(apiToken)
    .innerJoin(user, eq(user.id, apiToken.userId))
    .where(eq(user.programmeId, actor.programmeId))
    .orderBy(desc(apiToken.id));
}

export async function revokeApiToken({
  db,
  actor,
  tokenId,
}: {
  db: Db;
  actor: Actor;
  tokenId: number;
}): Promise<void> {
  assertCan(actor, 'token.manage', { programmeId: actor.programmeId });
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: apiToken.id, userId: apiToken.userId })
      .from(apiToken)
      .innerJoin(user, eq(user.id, apiToken.userId))
      .where(and(eq(apiToken.id, tokenId), eq(user.programmeId, actor.programmeId)));
    if (!row) throw new NotFoundError('api_token');
    await tx
      .update(apiToken)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiToken.id, tokenId), isNull(apiToken.revokedAt)));
    await recordAudit(tx, actor, {
      action: 'api_token.revoked',
      entityType: 'user',
      entityId: row.userId,
      details: { tokenId },
    });
  });
}

/** The user behind a bearer token, or null for an unknown or revoked one. */
export async function userIdForApiToken(db: DbOrTx, token: string): Promise<string | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const [row] = await db
    .update(apiToken)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiToken.secretHash, sha256(token)), isNull(apiToken.revokedAt)))
    .returning({ userId: apiToken.userId });
  return row?.userId ?? null;
}
