// Turns an actor's permission scope into the SQL condition every territory query applies.
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type Action, type Actor, assertCanAtAll } from '../platform/permissions/index.ts';

/** Restricts rows to what the actor may see; throws ForbiddenError when it may see none of them. */
export function sectorScope(actor: Actor, action: Action, sectorColumn: PgColumn): SQL {
  const scope = assertCanAtAll(actor, action);
  if (scope === 'programme') return sql`true`;
  if (scope === 'sectors' && actor.sectorIds.length > 0) return inArray(sectorColumn, actor.sectorIds);
  return sql`false`;
}
