// A household's testimonies and questionnaire answers, for residents' rights (GDPR art. 15–17, 20); and their
// erasure: a testimony is withdrawn (words, first name and place erased, as when the person withdraws it); the
// questionnaire's answers — choices from fixed lists, no free text — stay for the before/after figures, unlinked
// from the member who gave them.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type ErasureCounts, type ErasureTarget, erasedResidentLabel } from '../../platform/personal-data.ts';
import { textArray } from '../../platform/sql/index.ts';

export async function impactPersonalData(db: DbOrTx, householdId: number) {
  const [row] = await db.execute<{ testimonies: unknown[]; questionnaires: unknown[] }>(sql`
    select
      (select coalesce(json_agg(json_build_object('quote', t.quote, 'attribution', t.attribution,
         'firstName', t.first_name, 'context', t.context, 'consentOn', t.consent_on, 'consentForm', t.consent_form,
         'recordedAt', t.recorded_at, 'recordedBy', t.recorded_by, 'withdrawnOn', t.withdrawn_on) order by t.id), '[]')
       from testimony t where t.household_id = ${householdId}) as testimonies,
      (select coalesce(json_agg(json_build_object('moment', q.moment, 'version', q.version,
         'answeredOn', q.answered_on, 'answers', q.answers, 'recordedBy', q.recorded_by) order by q.answered_on), '[]')
       from questionnaire_response q where q.household_id = ${householdId}) as questionnaires`);
  return { testimonies: row!.testimonies, questionnaires: row!.questionnaires };
}

export async function eraseImpactPersonalData(tx: DbOrTx, target: ErasureTarget): Promise<ErasureCounts> {
  const id = target.householdId;
  const labels = textArray(target.residentLabels);
  const withdrawn = await tx.execute(sql`
    update testimony set quote = null, first_name = null, withdrawn_on = ${target.today}::date,
           withdrawn_by = ${target.actorLabel}
     where household_id = ${id} and withdrawn_on is null`);
  const testimonies = await tx.execute(sql`
    update testimony set context = null,
           recorded_by = case when recorded_by = any(${labels}) then ${erasedResidentLabel} else recorded_by end
     where household_id = ${id}`);
  const answers = await tx.execute(sql`
    update questionnaire_response set member_id = null,
           recorded_by = case when recorded_by = any(${labels}) then ${erasedResidentLabel} else recorded_by end
     where household_id = ${id}`);
  return {
    testimoniesWithdrawn: withdrawn.count,
    testimoniesAnonymised: testimonies.count,
    questionnairesKept: answers.count,
  };
}
