// Where a household stands with the questionnaire.
import { eq, sql } from 'drizzle-orm';
import { household, householdMember, householdResource } from '../../households/index.ts';
import { localDate } from '../../platform/dates.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCan } from '../../platform/permissions/index.ts';
import { type QuestionnaireVersion, questionnaireOn } from '../questionnaires.ts';
import { type QuestionnaireMoment, questionnaireResponse } from '../schema.ts';
import { nextQuestionnaire } from './timing.ts';

export interface HouseholdQuestionnaire {
  householdId: number;
  reference: string;
  /** The reference person's name (first member otherwise), for staff to check they have the right household. */
  name: string | null;
  before: { answeredOn: string; version: string } | null;
  after: { answeredOn: string; version: string } | null;
  next: { moment: QuestionnaireMoment; dueFrom: string | null; open: boolean } | null;
  /** The version asked today. */
  questionnaire: QuestionnaireVersion;
}

/** Where a household stands with the questionnaire, for the form's page (staff, or the resident themselves). */
export async function getHouseholdQuestionnaire({
  db,
  actor,
  householdId,
  today = localDate(new Date()),
}: {
  db: DbOrTx;
  actor: Actor;
  householdId: number;
  today?: string;
}): Promise<HouseholdQuestionnaire> {
  const resource = await householdResource(db, householdId);
  assertCan(actor, 'questionnaire.record', resource);
  const [head] = await db
    .select({
      reference: household.reference,
      firstName: householdMember.firstName,
      lastName: householdMember.lastName,
    })
    .from(household)
    .leftJoin(householdMember, eq(householdMember.householdId, household.id))
    .where(eq(household.id, householdId))
    .orderBy(sql`${householdMember.isReferencePerson} = 'yes' desc`, householdMember.id)
    .limit(1);
  const rows = await db
    .select({
      moment: questionnaireResponse.moment,
      answeredOn: questionnaireResponse.answeredOn,
      version: questionnaireResponse.version,
    })
    .from(questionnaireResponse)
    .where(eq(questionnaireResponse.householdId, householdId));
  const of = (moment: QuestionnaireMoment) => {
    const r = rows.find((x) => x.moment === moment);
    return r ? { answeredOn: r.answeredOn, version: r.version } : null;
  };
  const before = of('before');
  const after = of('after');
  return {
    householdId,
    reference: head?.reference ?? '',
    name: head?.firstName ? `${head.firstName} ${head.lastName}` : null,
    before,
    after,
    next: nextQuestionnaire({ before: before?.answeredOn ?? null, after: after?.answeredOn ?? null }, today),
    questionnaire: questionnaireOn(today),
  };
}
