// The demo's people act through the use cases like anyone else: an actor of a role, named in the audit trail.
import type { Actor, Role } from '../platform/permissions/index.ts';

export function demoActor(input: {
  programmeId: number;
  role: Role;
  label: string;
  organisationId?: number | null;
  sectorIds?: number[];
}): Actor {
  return {
    userId: null,
    label: input.label,
    role: input.role,
    programmeId: input.programmeId,
    organisationId: input.organisationId ?? null,
    sectorIds: input.sectorIds ?? [],
    householdId: null,
    ip: null,
    channel: 'cli',
  };
}
