// Users of partner organisations: created (CLI, seed), invited (UI, API), given a role, deactivated.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { account, invitation, session, user } from '../platform/auth/index.ts';
import type { Db, DbOrTx, Tx } from '../platform/db/index.ts';
import { type Actor, assertCan, NotFoundError, type Role } from '../platform/permissions/index.ts';
import { organisation } from './schema.ts';
import { type OrganisationKind, rolesByKind } from './values.ts';

export type UserProblem = 'email_taken' | 'role_not_allowed' | 'unknown_organisation';

export async function listUsers({
  db,
  actor,
  organisationId,
}: {
  db: DbOrTx;
  actor: Actor;
  organisationId?: number;
}) {
  assertCan(actor, 'partner.manage', { programmeId: actor.programmeId });
  return db
    .select({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      status: user.status,
      organisationId: user.organisationId,
      organisationName: organisation.name,
    })
    .from(user)
    .leftJoin(organisation, eq(organisation.id, user.organisationId))
    .where(
      and(
        eq(user.programmeId, actor.programmeId),
        organisationId ? eq(user.organisationId, organisationId) : undefined,
      ),
    )
    .orderBy(asc(organisation.name), asc(user.name));
}

async function checkRole(
  tx: DbOrTx,
  programmeId: number,
  organisationId: number,
  role: Role,
): Promise<UserProblem | null> {
  const [org] = await tx
    .select({ kind: organisation.kind })
    .from(organisation)
    .where(and(eq(organisation.id, organisationId), eq(organisation.programmeId, programmeId)));
  if (!org) return 'unknown_organisation';
  return rolesByKind[org.kind as OrganisationKind]?.includes(role) ? null : 'role_not_allowed';
}

async function setPassword(tx: Tx, userId: string, password: string): Promise<void> {
  await tx.delete(account).where(and(eq(account.userId, userId), eq(account.providerId, 'credential')));
  await tx.insert(account).values({
    id: randomUUID(),
    accountId: userId,
    providerId: 'credential',
    userId,
    password: await hashPassword(password),
  });
}

interface NewUser {
  name: string;
  email: string;
  role: Role;
  organisationId: number | null;
  householdId?: number | null;
}

/** Creates an active user with a password (command line and demo seed). */
export async function createUser({
  db,
  actor,
  input,
  password,
}: {
  db: Db;
  actor: Actor;
  input: NewUser;
  password: string;
}): Promise<{ ok: true; userId: string } | { ok: false; reason: UserProblem }> {
  assertCan(actor, 'partner.manage', { programmeId: actor.programmeId });
  return db.transaction(async (tx) => {
    const inserted = await insertUser(tx, actor, input, 'active');
    if (!inserted.ok) return inserted;
    await setPassword(tx, inserted.userId, password);
    return inserted;
  });
}

async function insertUser(
  tx: Tx,
  actor: Actor,
  input: NewUser,
  status: 'active' | 'invited',
): Promise<{ ok: true; userId: string } | { ok: false; reason: UserProblem }> {
  if (input.organisationId !== null) {
    const problem = await checkRole(tx, actor.programmeId, input.organisationId, input.role);
    if (problem) return { ok: false, reason: problem };
  } else if (input.role !== 'resident') return { ok: false, reason: 'unknown_organisation' };
  const id = randomUUID();
  const [row] = await tx
    .insert(user)
    .values({
      id,
      name: input.name,
      email: input.email.toLowerCase(),
      programmeId: actor.programmeId,
      organisationId: input.organisationId,
      role: input.role,
      status,
      householdId: input.householdId ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: user.id });
  if (!row) return { ok: false, reason: 'email_taken' };
  await recordAudit(tx, actor, {
    action: status === 'invited' ? 'user.invited' : 'user.created',
    entityType: 'user',
    entityId: id,
    details: { email: input.email, role: input.role, organisationId: input.organisationId },
  });
  return { ok: true, userId: id };
}

export const invitationLifetimeDays = 14;

/**
 * Invites a user: the account exists but cannot sign in until the person opens the one-time link and chooses
 * a password. Palier sends no e-mail by itself; the coordinator passes the link on.
 */
export async function inviteUser({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  input: NewUser;
  now?: Date;
}): Promise<{ ok: true; userId: string; secret: string } | { ok: false; reason: UserProblem }> {
  assertCan(actor, 'partner.manage', { programmeId: actor.programmeId });
  return db.transaction(async (tx) => {
    const inserted = await insertUser(tx, actor, input, 'invited');
    if (!inserted.ok) return inserted;
    const secret = randomBytes(24).toString('base64url');
    await tx.insert(invitation).values({
      userId: inserted.userId,
      secretHash: sha256(secret),
      expiresAt: new Date(now.getTime() + invitationLifetimeDays * 86_400_000),
    });
    return { ...inserted, secret };
  });
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export async function findInvitation(db: DbOrTx, secret: string, now = new Date()) {
  const [row] = await db
    .select({
      id: invitation.id,
      userId: user.id,
      name: user.name,
      email: user.email,
      expiresAt: invitation.expiresAt,
      acceptedAt: invitation.acceptedAt,
    })
    .from(invitation)
    .innerJoin(user, eq(user.id, invitation.userId))
    .where(eq(invitation.secretHash, sha256(secret)));
  if (!row || row.acceptedAt || row.expiresAt < now) return null;
  return row;
}

/** The invited person chooses a password; the link then stops working. */
export async function acceptInvitation({
  db,
  secret,
  password,
  now = new Date(),
}: {
  db: Db;
  secret: string;
  password: string;
  now?: Date;
}): Promise<{ ok: true; email: string } | { ok: false; reason: 'invalid_or_expired' }> {
  return db.transaction(async (tx) => {
    const found = await findInvitation(tx, secret, now);
    if (!found) return { ok: false as const, reason: 'invalid_or_expired' as const };
    const claimed = await tx
      .update(invitation)
      .set({ acceptedAt: now })
      .where(and(eq(invitation.id, found.id), eq(invitation.secretHash, sha256(secret))))
      .returning({ id: invitation.id });
    if (claimed.length === 0) return { ok: false as const, reason: 'invalid_or_expired' as const };
    await tx
      .update(user)
      .set({ status: 'active', updatedAt: now })
      .where(and(eq(user.id, found.userId), eq(user.status, 'invited')));
    await setPassword(tx, found.userId, password);
    const [u] = await tx
      .select({ programmeId: user.programmeId })
      .from(user)
      .where(eq(user.id, found.userId));
    await recordAudit(
      tx,
      // The invited person acts for themselves: no role is needed to accept one's own invitation.
      { userId: found.userId, label: found.name, programmeId: u!.programmeId, ip: null, channel: 'web' },
      {
        action: 'user.invitation_accepted',
        entityType: 'user',
        entityId: found.userId,
      },
    );
    return { ok: true as const, email: found.email };
  });
}

async function programmeUser(tx: DbOrTx, actor: Actor, userId: string) {
  const [row] = await tx
    .select({ id: user.id, organisationId: user.organisationId, status: user.status, role: user.role })
    .from(user)
    .where(and(eq(user.id, userId), eq(user.programmeId, actor.programmeId)));
  if (!row) throw new NotFoundError('user');
  return row;
}

export async function changeUserRole({
  db,
  actor,
  userId,
  role,
}: {
  db: Db;
  actor: Actor;
  userId: string;
  role: Role;
}): Promise<{ ok: true } | { ok: false; reason: UserProblem | 'own_account' }> {
  assertCan(actor, 'partner.manage', { programmeId: actor.programmeId });
  if (userId === actor.userId) return { ok: false, reason: 'own_account' };
  return db.transaction(async (tx) => {
    const target = await programmeUser(tx, actor, userId);
    if (target.organisationId === null) return { ok: false as const, reason: 'role_not_allowed' as const };
    const problem = await checkRole(tx, actor.programmeId, target.organisationId, role);
    if (problem) return { ok: false as const, reason: problem };
    await tx.update(user).set({ role, updatedAt: new Date() }).where(eq(user.id, userId));
    // A new role takes effect at the next request: sessions carry no permissions.
    await recordAudit(tx, actor, {
      action: 'user.role_changed',
      entityType: 'user',
      entityId: userId,
      details: { from: target.role, to: role },
    });
    return { ok: true as const };
  });
}

/** Deactivates (sessions and API tokens stop working at once) or reactivates a user. */
export async function setUserActive({
  db,
  actor,
  userId,
  active,
}: {
  db: Db;
  actor: Actor;
  userId: string;
  active: boolean;
}): Promise<{ ok: true } | { ok: false; reason: 'own_account' | 'still_invited' }> {
  assertCan(actor, 'partner.manage', { programmeId: actor.programmeId });
  if (userId === actor.userId) return { ok: false, reason: 'own_account' };
  return db.transaction(async (tx) => {
    const target = await programmeUser(tx, actor, userId);
    if (active && target.status === 'invited')
      return { ok: false as const, reason: 'still_invited' as const };
    await tx
      .update(user)
      .set({ status: active ? 'active' : 'deactivated', updatedAt: new Date() })
      .where(eq(user.id, userId));
    if (!active) await tx.delete(session).where(eq(session.userId, userId));
    await recordAudit(tx, actor, {
      action: active ? 'user.reactivated' : 'user.deactivated',
      entityType: 'user',
      entityId: userId,
    });
    return { ok: true as const };
  });
}
