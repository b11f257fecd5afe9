// Certificates: issued by an authorised facility, revoked by the coordinator with a reason, listed, and verified by
// anyone with the code — the public view shows the certificate and nothing else about the person.
import { and, desc, eq, lt, ne, sql } from 'drizzle-orm';
import { organisation, programme } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { type AttemptLimiter, addressKey, createAttemptLimiter } from '../platform/auth/index.ts';
import { asSystem } from '../platform/claims/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, can, NotFoundError } from '../platform/permissions/index.ts';
import { assertMayIssue, type IssueResult, issueInTransaction } from './issue.ts';
import type { Refused } from './refusals.ts';
import { normaliseVerificationCode } from './rules.ts';
import { certificate, certificateIssuer, certificateLevel } from './schema.ts';
import { memberScope } from './validations.ts';

export type CertificateRow = typeof certificate.$inferSelect;

/** A facilitator of an authorised facility issues a level's certificate, once its competencies are validated. */
export async function issueCertificate({
  db,
  actor,
  memberId,
  levelId,
  holderName,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  memberId: number;
  levelId: number;
  holderName?: string;
  now?: Date;
}): Promise<IssueResult> {
  const member = await memberScope(db, actor, memberId);
  await assertMayIssue(db, actor, member.householdId);
  return db.transaction((tx) => issueInTransaction(tx, actor, { memberId, levelId, holderName }, now));
}

/** The coordinator revokes a certificate with a reason; the verification page and the credential's status say so. */
export async function revokeCertificate({
  db,
  actor,
  certificateId,
  reason,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  certificateId: number;
  reason: string;
  now?: Date;
}): Promise<{ ok: true } | Refused<'already_revoked'>> {
  assertCan(actor, 'certificate.revoke', { programmeId: actor.programmeId });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(certificate)
      .where(and(eq(certificate.id, certificateId), eq(certificate.programmeId, actor.programmeId)))
      .for('update');
    if (!row) throw new NotFoundError('certificate');
    if (row.revokedAt) return { ok: false as const, reason: 'already_revoked' as const };
    await tx
      .update(certificate)
      .set({ revokedAt: now, revokedBy: actor.label, revokeReason: reason })
      .where(eq(certificate.id, certificateId));
    await recordAudit(tx, actor, {
      action: 'certificate.revoked',
      entityType: 'household',
      entityId: row.householdId,
      details: { certificateId, code: row.code, reason, course: row.levelTitle },
    });
    return { ok: true as const };
  });
}

/** The coordinator authorises a facility partner to issue certificates (or withdraws it), and sets automatic issuing. */
export async function setIssuer({
  db,
  actor,
  organisationId,
  authorised,
}: {
  db: Db;
  actor: Actor;
  organisationId: number;
  authorised: boolean;
}): Promise<{ ok: true } | Refused<'not_a_facility_partner'>> {
  assertCan(actor, 'certificate.revoke', { programmeId: actor.programmeId });
  const [org] = await db
    .select({ kind: organisation.kind })
    .from(organisation)
    .where(and(eq(organisation.id, organisationId), eq(organisation.programmeId, actor.programmeId)));
  if (org?.kind !== 'facility') return { ok: false, reason: 'not_a_facility_partner' };
  return db.transaction(async (tx) => {
    const changed = authorised
      ? await tx
          .insert(certificateIssuer)
          .values({ programmeId: actor.programmeId, organisationId, authorisedBy: actor.label })
          .onConflictDoNothing()
          .returning({ id: certificateIssuer.organisationId })
      : await tx
          .delete(certificateIssuer)
          .where(
            and(
              eq(certificateIssuer.programmeId, actor.programmeId),
              eq(certificateIssuer.organisationId, organisationId),
            ),
          )
          .returning({ id: certificateIssuer.organisationId });
    // Asking for what already is changes nothing: no event (the audit trail lists real changes only).
    if (!changed.length) return { ok: true as const };
    await recordAudit(tx, actor, {
      action: authorised ? 'certificate.issuer_authorised' : 'certificate.issuer_withdrawn',
      entityType: 'organisation',
      entityId: organisationId,
    });
    return { ok: true as const };
  });
}

/** The coordinator turns automatic issuing on or off (an event only when it changes). */
export async function setAutoIssue({ db, actor, auto }: { db: Db; actor: Actor; auto: boolean }) {
  assertCan(actor, 'certificate.revoke', { programmeId: actor.programmeId });
  await db.transaction(async (tx) => {
    const changed = await tx
      .update(programme)
      .set({ certificateAutoIssue: auto })
      .where(and(eq(programme.id, actor.programmeId), ne(programme.certificateAutoIssue, auto)))
      .returning({ id: programme.id });
    if (!changed.length) return;
    await recordAudit(tx, actor, {
      action: 'certificate.auto_issue_set',
      entityType: 'programme',
      entityId: actor.programmeId,
      details: { auto },
    });
  });
}

/** The issuers and the automatic-issuing setting, for the coordinator's page. */
export async function issuingSettings({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCanAtAll(actor, 'certificate.read');
  const [setting] = await db
    .select({ auto: programme.certificateAutoIssue })
    .from(programme)
    .where(eq(programme.id, actor.programmeId));
  const facilities = await db.execute<{ id: number; name: string; authorised: boolean }>(sql`
    select o.id, o.name, exists (select 1 from certificate_issuer ci where ci.programme_id = o.programme_id
                                   and ci.organisation_id = o.id) as authorised
      from organisation o where o.programme_id = ${actor.programmeId} and o.kind = 'facility' order by o.name`);
  return { auto: setting?.auto ?? false, facilities: [...facilities] };
}

/**
 * Certificates the actor may see, newest first, by keyset: the programme's for the coordinator, the facility's own
 * for a facilitator, the household's for a resident.
 */
export async function listCertificates({
  db,
  actor,
  beforeId,
  memberId,
  limit = 50,
}: {
  db: DbOrTx;
  actor: Actor;
  beforeId?: number;
  memberId?: number;
  limit?: number;
}) {
  const scope = assertCanAtAll(actor, 'certificate.read');
  const where = [eq(certificate.programmeId, actor.programmeId)];
  if (scope === 'organisation') where.push(eq(certificate.issuerOrganisationId, actor.organisationId ?? -1));
  if (scope === 'household') where.push(eq(certificate.householdId, actor.householdId ?? -1));
  if (beforeId) where.push(lt(certificate.id, beforeId));
  if (memberId) where.push(eq(certificate.memberId, memberId));
  return db
    .select()
    .from(certificate)
    .where(and(...where))
    .orderBy(desc(certificate.id))
    .limit(Math.min(limit, 200));
}

/** One certificate, for the coordinator, the issuing facility or the holder's household. */
export async function getCertificate({
  db,
  actor,
  certificateId,
}: {
  db: DbOrTx;
  actor: Actor;
  certificateId: number;
}) {
  const [row] = await db
    .select()
    .from(certificate)
    .where(and(eq(certificate.id, certificateId), eq(certificate.programmeId, actor.programmeId)));
  if (!row) throw new NotFoundError('certificate');
  assertCan(actor, 'certificate.read', {
    programmeId: row.programmeId,
    organisationId: row.issuerOrganisationId,
    householdId: row.householdId,
  });
  const [level] = await db
    .select({ code: certificateLevel.code })
    .from(certificateLevel)
    .where(eq(certificateLevel.id, row.levelId));
  return {
    ...row,
    levelCode: level?.code ?? '',
    canRevoke: can(actor, 'certificate.revoke', { programmeId: row.programmeId }),
  };
}

/** What anyone checking a code sees: the certificate, its issuer and status — nothing else about the person. */
export interface PublicCertificate {
  code: string;
  holderName: string;
  levelTitle: string;
  frameworkLabel: string;
  competencies: { code: string; title: string; area: string }[];
  issuedOn: string;
  issuerName: string;
  programmeName: string;
  status: 'valid' | 'revoked';
  revokedOn: string | null;
}

export function publicView(row: CertificateRow): PublicCertificate {
  return {
    code: row.code,
    holderName: row.holderName,
    levelTitle: row.levelTitle,
    frameworkLabel: row.frameworkLabel,
    competencies: row.competencies,
    issuedOn: row.issuedOn,
    issuerName: row.issuerName,
    programmeName: row.programmeName,
    status: row.revokedAt ? 'revoked' : 'valid',
    // The day in Paris, as the holder and the coordinator read it (not UTC's: 00:30 on 2 March is 2 March).
    revokedOn: row.revokedAt ? localDate(row.revokedAt) : null,
  };
}

/** Guessing codes is limited per address (IPv6 per /64): 30 lookups per 10 minutes, shared by a cluster's workers. */
export function createVerifyLimiter({ clustered = false } = {}): AttemptLimiter {
  return createAttemptLimiter([{ name: 'verify-ip', points: 30, durationSeconds: 10 * 60 }], { clustered });
}

export type VerifyResult =
  | { found: true; certificate: PublicCertificate }
  | { found: false; reason: 'malformed' | 'unknown' | 'too_many'; retryAfterSeconds?: number };

/** Anyone checks a code (public; no sign-in). A malformed code costs nothing; a lookup counts against the address. */
export async function verifyCertificate({
  db,
  limiter,
  typed,
  ip,
}: {
  db: DbOrTx;
  limiter: AttemptLimiter;
  typed: string;
  ip: string | null;
}): Promise<VerifyResult> {
  const code = normaliseVerificationCode(typed);
  if (!code) return { found: false, reason: 'malformed' };
  const verdict = await limiter.consume([addressKey(ip)]);
  if (!verdict.allowed)
    return { found: false, reason: 'too_many', retryAfterSeconds: verdict.retryAfterSeconds };
  // Anyone may check a code (no signed-in actor, so past the row policies); only the public view leaves.
  const [row] = await asSystem(
    async () => await db.select().from(certificate).where(eq(certificate.code, code)),
  );
  if (!row) return { found: false, reason: 'unknown' };
  return { found: true, certificate: publicView(row) };
}

/**
 * A certificate by its code, for documents, the credential and the public status (no limiter: callers hold the row's
 * rights, or answer only what the public check shows). The code is the holder's to share: read past the row policies.
 */
export async function certificateByCode(db: DbOrTx, code: string): Promise<CertificateRow | null> {
  const [row] = await asSystem(
    async () => await db.select().from(certificate).where(eq(certificate.code, code)),
  );
  return row ?? null;
}
