// Partner organisations of a programme: listed, created, (de)activated, and linked to the sectors they serve.
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit } from '../platform/audit/index.ts';
import { user } from '../platform/auth/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, NotFoundError } from '../platform/permissions/index.ts';
import { sector, sectorPartner } from '../territory/index.ts';
import { organisation } from './schema.ts';
import type { NewOrganisation } from './values.ts';

export async function listOrganisations({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCan(actor, 'partner.manage', { programmeId: actor.programmeId });
  return db
    .select({
      id: organisation.id,
      kind: organisation.kind,
      name: organisation.name,
      phone: organisation.phone,
      email: organisation.email,
      active: organisation.active,
      userCount: count(user.id),
    })
    .from(organisation)
    .leftJoin(user, eq(user.organisationId, organisation.id))
    .where(eq(organisation.programmeId, actor.programmeId))
    .groupBy(organisation.id)
    .orderBy(asc(organisation.kind), asc(organisation.name));
}

export async function getOrganisation({
  db,
  actor,
  organisationId,
}: {
  db: DbOrTx;
  actor: Actor;
  organisationId: number;
}) {
  assertCan(actor, 'partner.manage', { programmeId: actor.programmeId });
  const [row] = await db
    .select()
    .from(organisation)
    .where(and(eq(organisation.id, organisationId), eq(organisation.programmeId, actor.programmeId)));
  if (!row) throw new NotFoundError('organisation');
  const sectors = await db
    .select({ id: sector.id, name: sector.name, code: sector.code })
    .from(sectorPartner)
    .innerJoin(sector, eq(sector.id, sectorPartner.sectorId))
    .where(eq(sectorPartner.organisationId, organisationId))
    .orderBy(asc(sector.name));
  return { ...row, sectors };
}

export async function createOrganisation({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: z.infer<typeof NewOrganisation>;
}): Promise<{ ok: true; id: number } | { ok: false; reason: 'name_taken' }> {
  assertCan(actor, 'partner.manage', { programmeId: actor.programmeId });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(organisation)
      .values({ programmeId: actor.programmeId, ...input })
      .onConflictDoNothing()
      .returning({ id: organisation.id });
    if (!row) return { ok: false as const, reason: 'name_taken' as const };
    await recordAudit(tx, actor, {
      action: 'organisation.created',
      entityType: 'organisation',
      entityId: row.id,
      details: input,
    });
    return { ok: true as const, id: row.id };
  });
}

export async function setOrganisationActive({
  db,
  actor,
  organisationId,
  active,
}: {
  db: Db;
  actor: Actor;
  organisationId: number;
  active: boolean;
}): Promise<void> {
  assertCan(actor, 'partner.manage', { programmeId: actor.programmeId });
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(organisation)
      .set({ active })
      .where(and(eq(organisation.id, organisationId), eq(organisation.programmeId, actor.programmeId)))
      .returning({ id: organisation.id });
    if (updated.length === 0) throw new NotFoundError('organisation');
    await recordAudit(tx, actor, {
      action: active ? 'organisation.activated' : 'organisation.deactivated',
      entityType: 'organisation',
      entityId: organisationId,
    });
  });
}

/** Replaces the set of sectors an organisation serves (operators, facilities, tenant associations). */
export async function setOrganisationSectors({
  db,
  actor,
  organisationId,
  sectorIds,
}: {
  db: Db;
  actor: Actor;
  organisationId: number;
  sectorIds: number[];
}): Promise<void> {
  await getOrganisation({ db, actor, organisationId });
  await db.transaction(async (tx) => {
    const valid = sectorIds.length
      ? await tx
          .select({ id: sector.id })
          .from(sector)
          .where(and(eq(sector.programmeId, actor.programmeId), inArray(sector.id, sectorIds)))
      : [];
    await tx.delete(sectorPartner).where(eq(sectorPartner.organisationId, organisationId));
    if (valid.length)
      await tx.insert(sectorPartner).values(valid.map((s) => ({ sectorId: s.id, organisationId })));
    await recordAudit(tx, actor, {
      action: 'organisation.sectors_set',
      entityType: 'organisation',
      entityId: organisationId,
      details: { sectorIds: valid.map((s) => s.id) },
    });
  });
}
