// A household's competencies and certificates, for residents' rights (GDPR art. 15–17, 20); and their erasure: a
// certificate becomes « révoqué à la demande » (its public check says revoked and names nobody), or stays valid with
// the holder's name if the person wants to keep it.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import {
  type ErasureCounts,
  type ErasureTarget,
  erasedPerson,
  erasedResidentLabel,
  erasedText,
} from '../platform/personal-data.ts';
import { textArray } from '../platform/sql/index.ts';

/**
 * The reason written on a certificate revoked because its holder asked for their data to be erased. The figures
 * keep counting such a certificate as issued (the competencies were validated; src/impact), unlike one revoked for a
 * mistake.
 */
export const revokedOnRequest = 'révoqué à la demande';

export async function certificatesPersonalData(db: DbOrTx, householdId: number) {
  const [row] = await db.execute<{ validations: unknown[]; certificates: unknown[] }>(sql`
    select
      (select coalesce(json_agg(json_build_object('member', m.first_name || ' ' || m.last_name,
         'competency', k.code || ' ' || k.title, 'validatedOn', v.validated_on, 'observation', v.observation,
         'note', v.note, 'validatedBy', v.validated_by, 'withdrawnAt', v.withdrawn_at,
         'withdrawReason', v.withdraw_reason) order by v.validated_on, v.id), '[]')
       from validation v join household_member m on m.id = v.member_id join competency k on k.id = v.competency_id
       where v.household_id = ${householdId}) as validations,
      (select coalesce(json_agg(json_build_object('code', c.code, 'holderName', c.holder_name,
         'level', c.level_title, 'framework', c.framework_label, 'issuer', c.issuer_name, 'issuedOn', c.issued_on,
         'revokedAt', c.revoked_at, 'revokeReason', c.revoke_reason) order by c.issued_on, c.id), '[]')
       from certificate c where c.household_id = ${householdId}) as certificates`);
  return { validations: row!.validations, certificates: row!.certificates };
}

export async function eraseCertificatesPersonalData(
  tx: DbOrTx,
  target: ErasureTarget,
): Promise<ErasureCounts> {
  const id = target.householdId;
  const labels = textArray(target.residentLabels);
  // Where the resident acted themselves (their own label as the author), the label goes too.
  const relabel = (column: string) =>
    sql`${sql.identifier(column)} = case when ${sql.identifier(column)} = any(${labels})
          then ${erasedResidentLabel} else ${sql.identifier(column)} end`;
  const validations = await tx.execute(sql`
    update validation
       set observation = null, note = null,
           withdraw_reason = case when withdraw_reason is null then null else ${erasedText} end,
           ${relabel('validated_by')}, ${relabel('withdrawn_by')}
     where household_id = ${id}`);
  const revoked = target.keepCertificates
    ? { count: 0 }
    : await tx.execute(sql`
        update certificate
           set revoked_at = ${target.now.toISOString()}::timestamptz, revoked_by = ${target.actorLabel},
               revoke_reason = ${revokedOnRequest}
         where household_id = ${id} and revoked_at is null`);
  // A certificate kept at the person's wish keeps the name it was issued to; every other one names nobody.
  const anonymised = await tx.execute(sql`
    update certificate set holder_name = ${erasedPerson}, ${relabel('issued_by')}
     where household_id = ${id} and revoked_at is not null`);
  const [kept] = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from certificate where household_id = ${id} and revoked_at is null`);
  return {
    validationsAnonymised: validations.count,
    certificatesRevokedOnRequest: revoked.count,
    certificatesAnonymised: anonymised.count,
    certificatesKept: kept!.n,
  };
}
