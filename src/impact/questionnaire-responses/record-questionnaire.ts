// Recording a household's answers to the questionnaire.
import { eq } from 'drizzle-orm';
import { householdResource } from '../../households/index.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { localDate } from '../../platform/dates.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCan, scopeOf } from '../../platform/permissions/index.ts';
import type { z } from '../../platform/validation.ts';
import { answersSchema, questionnaireOn } from '../questionnaires.ts';
import { type QuestionnaireMoment, questionnaireResponse } from '../schema.ts';
import { questionnaireTiming } from './timing.ts';
import {
  type AnsweredMoments,
  QuestionnaireInput,
  type QuestionnaireInputValue,
  type QuestionnaireRefused,
  refusal,
  refusalMessages,
} from './values.ts';

/** A question left blank (an empty choice, null) is not answered; an empty list of uses is an answer (« none »). */
const withoutBlanks = (answers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== null && v !== undefined && v !== ''));

export type RecordQuestionnaireResult =
  | { ok: true; responseId: number; version: string; moment: QuestionnaireMoment; answeredOn: string }
  | QuestionnaireRefused;

async function answeredMoments(db: DbOrTx, householdId: number): Promise<AnsweredMoments> {
  const rows = await db
    .select({ moment: questionnaireResponse.moment, answeredOn: questionnaireResponse.answeredOn })
    .from(questionnaireResponse)
    .where(eq(questionnaireResponse.householdId, householdId));
  return {
    before: rows.find((r) => r.moment === 'before')?.answeredOn ?? null,
    after: rows.find((r) => r.moment === 'after')?.answeredOn ?? null,
  };
}

const isUniqueViolation = (error: unknown) => {
  const e = ((error as { cause?: unknown })?.cause ?? error) as { code?: string };
  return e?.code === '23505';
};

/**
 * Records a household's answers: by staff allowed `questionnaire.record` on the household (a facility: the
 * households of its sectors), or by the resident for their own. Audited on the household.
 */
export async function recordQuestionnaire({
  db,
  actor,
  householdId,
  input,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  householdId: number;
  input: QuestionnaireInputValue;
  today?: string;
}): Promise<RecordQuestionnaireResult> {
  const resource = await householdResource(db, householdId);
  assertCan(actor, 'questionnaire.record', resource);
  const parsed = QuestionnaireInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error.issues);
  // A resident answers on the day; staff may enter a paper questionnaire answered earlier.
  const answeredOn =
    scopeOf(actor, 'questionnaire.record') === 'household' ? today : (parsed.data.answeredOn ?? today);
  const version = questionnaireOn(answeredOn);
  const answers = answersSchema(version).strict().safeParse(withoutBlanks(parsed.data.answers));
  if (!answers.success) return invalid(answers.error.issues, 'answers');
  const moment = parsed.data.moment;

  const timing = questionnaireTiming(moment, answeredOn, today, await answeredMoments(db, householdId));
  if (!timing.ok) return timing;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(questionnaireResponse)
        .values({
          programmeId: actor.programmeId,
          householdId,
          version: version.version,
          moment,
          answeredOn,
          answers: answers.data as Record<string, unknown>,
          organisationId: actor.organisationId,
          recordedBy: actor.label,
        })
        .returning({ id: questionnaireResponse.id });
      await recordAudit(tx, actor, {
        action: 'questionnaire.answered',
        entityType: 'household',
        entityId: householdId,
        details: {
          responseId: row!.id,
          moment,
          version: version.version,
          answeredOn,
          questionsAnswered: Object.keys(answers.data).length,
        },
      });
      return { ok: true as const, responseId: row!.id, version: version.version, moment, answeredOn };
    });
  } catch (error) {
    // Two people answering for the same household at once: the second is told it is done.
    if (isUniqueViolation(error)) return refusal('already_answered', 'moment');
    throw error;
  }
}

function invalid(issues: z.core.$ZodIssue[], prefix?: string): QuestionnaireRefused<'invalid'> {
  const list = issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || (prefix ?? ''),
    message:
      i.code === 'unrecognized_keys'
        ? `Question inconnue : ${(i as { keys?: string[] }).keys?.join(', ')}`
        : i.message,
  }));
  return {
    ok: false,
    reason: 'invalid',
    message: refusalMessages.invalid,
    field: list[0]?.path,
    issues: list,
  };
}
