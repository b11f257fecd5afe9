import { and, eq, sql } from 'drizzle-orm';
import { user } from '../platform/auth/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor, Channel, Role } from '../platform/permissions/index.ts';
import { sectorPartner } from '../territory/index.ts';
import { organisation } from './schema.ts';

export interface StaffUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: string;
  programmeId: number;
  organisationId: number | null;
  organisationName: string | null;
  householdId: number | null;
  sectorIds: number[];
}

export async function findActiveUser(db: DbOrTx, userId: string): Promise<StaffUser | null> {
  const [row] = await db
    .select({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      status: user.status,
      programmeId: user.programmeId,
      organisationId: user.organisationId,
      organisationName: organisation.name,
      organisationActive: organisation.active,
      householdId: user.householdId,
      // The sectors the user's organisation serves, in the same round trip.
      sectorIds: sql<
        number[]
      >`coalesce((select array_agg(${sectorPartner.sectorId}) from ${sectorPartner} where ${sectorPartner.organisationId} = ${user.organisationId}), '{}')`,
    })
    .from(user)
    .leftJoin(organisation, eq(organisation.id, user.organisationId))
    .where(and(eq(user.id, userId), eq(user.status, 'active')));
  if (!row || row.organisationActive === false) return null;
  const { organisationActive: _, ...rest } = row;
  return { ...rest, role: rest.role as Role, sectorIds: rest.sectorIds.map(Number) };
}

/** Builds the actor that permission checks and audit events use, from an active user. */
export function actorFor(staff: StaffUser, context: { ip: string | null; channel: Channel }): Actor {
  return {
    userId: staff.id,
    label: `${staff.name} (${staff.organisationName ?? 'résident'})`,
    role: staff.role,
    programmeId: staff.programmeId,
    organisationId: staff.organisationId,
    sectorIds: staff.sectorIds,
    householdId: staff.householdId,
    ip: context.ip,
    channel: context.channel,
  };
}
