// The audit trail: one function writes an event inside the caller's transaction; one lists them.
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/index.ts';
import type { Actor } from '../permissions/index.ts';
import { auditEvent } from './schema.ts';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  details?: Record<string, unknown>;
}

/** What the audit trail records of whoever acted (an actor, or a person acting for themselves before having one). */
export type AuditActor = Pick<Actor, 'userId' | 'label' | 'programmeId' | 'channel' | 'ip'>;

export async function recordAudit(tx: DbOrTx, actor: AuditActor, event: AuditInput): Promise<void> {
  await tx.insert(auditEvent).values({
    programmeId: actor.programmeId,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    channel: actor.channel,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId == null ? null : String(event.entityId),
    ip: actor.ip,
    details: event.details ?? null,
  });
}

export interface AuditFilter {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit?: number;
}

export async function listAuditEvents(db: DbOrTx, programmeId: number, filter: AuditFilter = {}) {
  const where: SQL[] = [eq(auditEvent.programmeId, programmeId)];
  if (filter.action) where.push(eq(auditEvent.action, filter.action));
  if (filter.entityType) where.push(eq(auditEvent.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditEvent.entityId, filter.entityId));
  if (filter.actorUserId) where.push(eq(auditEvent.actorUserId, filter.actorUserId));
  if (filter.from) where.push(gte(auditEvent.occurredAt, filter.from));
  if (filter.to) where.push(lt(auditEvent.occurredAt, filter.to));
  if (filter.beforeId) where.push(lt(auditEvent.id, filter.beforeId));
  return db
    .select()
    .from(auditEvent)
    .where(and(...where))
    .orderBy(desc(auditEvent.id))
    .limit(Math.min(filter.limit ?? 50, 200));
}

export { auditEvent };
