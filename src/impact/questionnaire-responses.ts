// The before/after questionnaire as households answer it: once at sign-up (`before`), once at least six months later
// (`after`), every answer optional (« ne souhaite pas répondre » is an answer too), under the version asked on the
// day. Staff record it with the households of their sectors; a resident answers for their own household.
import { eq, type SQL, sql } from 'drizzle-orm';
import { displayPhone, household, householdMember, householdResource } from '../households/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { csvCell } from '../platform/csv/index.ts';
import { addCalendarMonths, calendarDayText, localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, scopeOf } from '../platform/permissions/index.ts';
import { intArray } from '../platform/sql/index.ts';
import { CalendarDay, z } from '../platform/validation.ts';
import { answersSchema, type QuestionnaireVersion, questionnaireOn } from './questionnaires.ts';
import { type QuestionnaireMoment, questionnaireResponse } from './schema.ts';

export const questionnaireMoments = ['before', 'after'] as const satisfies QuestionnaireMoment[];
export const momentLabels: Record<QuestionnaireMoment, string> = { before: 'avant', after: 'après' };

/** How long after the first answers the second are asked. */
export const afterMonths = 6;

/** The first day the « after » questionnaire may be answered, for a household that answered « before » that day. */
export const afterDueFrom = (beforeOn: string) => addCalendarMonths(beforeOn, afterMonths);

export type QuestionnaireRefusal =
  | 'invalid'
  | 'already_answered'
  | 'before_missing'
  | 'too_early'
  | 'answered_in_future';

const refusalMessages: Record<QuestionnaireRefusal, string> = {
  invalid: 'Certaines réponses sont invalides : corrigez les questions signalées.',
  already_answered: 'Ce foyer a déjà répondu à ce questionnaire : on n’y répond qu’une fois.',
  before_missing:
    'Le questionnaire « après » compare avec les réponses du début : remplissez d’abord le questionnaire « avant ».',
  too_early: 'Le questionnaire « après » se remplit six mois après le premier.',
  answered_in_future:
    'Les réponses s’enregistrent une fois données : leur date ne peut pas être dans le futur.',
};

export type QuestionnaireRefused<R extends QuestionnaireRefusal = QuestionnaireRefusal> = {
  ok: false;
  reason: R;
  message: string;
  field?: string;
  issues?: { path: string; message: string }[];
  /** For `too_early`: the first day it can be answered. */
  dueFrom?: string;
};

/** What is known of a household's answers when it answers again: the day of each moment already answered. */
export interface AnsweredMoments {
  before: string | null;
  after: string | null;
}

/**
 * Whether a household may answer `moment` on `answeredOn` (a rule, table-tested): once per moment, « after » only
 * once « before » is answered and six months have passed, never on a day to come.
 */
export function questionnaireTiming(
  moment: QuestionnaireMoment,
  answeredOn: string,
  today: string,
  answered: AnsweredMoments,
): { ok: true } | QuestionnaireRefused<Exclude<QuestionnaireRefusal, 'invalid'>> {
  if (answeredOn > today) return timingRefusal('answered_in_future', 'answeredOn');
  if (answered[moment] !== null) return timingRefusal('already_answered', 'moment');
  if (moment === 'after') {
    if (answered.before === null) return timingRefusal('before_missing', 'moment');
    const dueFrom = afterDueFrom(answered.before);
    if (answeredOn < dueFrom)
      return {
        ...timingRefusal('too_early', 'moment'),
        message:
          `Le questionnaire « après » se remplit six mois après le premier (rempli le ` +
          `${calendarDayText(answered.before)}) : on peut y répondre à partir du ${calendarDayText(dueFrom)}.`,
        dueFrom,
      };
  }
  return { ok: true };
}

const timingRefusal = <R extends QuestionnaireRefusal>(
  reason: R,
  field: string,
): QuestionnaireRefused<R> => ({
  ok: false,
  reason,
  message: refusalMessages[reason],
  field,
});

/** What the household answers next: « before », « after » (from a day, open or not yet), or nothing more. */
export function nextQuestionnaire(
  answered: AnsweredMoments,
  today: string,
): { moment: QuestionnaireMoment; dueFrom: string | null; open: boolean } | null {
  if (answered.before === null) return { moment: 'before', dueFrom: null, open: true };
  if (answered.after !== null) return null;
  const dueFrom = afterDueFrom(answered.before);
  return { moment: 'after', dueFrom, open: dueFrom <= today };
}

/** Answers as sent: the moment, optionally the day (staff entering a paper form later), the answers by question. */
export const QuestionnaireInput = z.object({
  moment: z.enum(questionnaireMoments, 'Choisissez le moment : avant ou après'),
  answeredOn: CalendarDay.optional(),
  answers: z.record(z.string(), z.unknown(), 'Réponses attendues, question par question').default({}),
});
export type QuestionnaireInputValue = z.input<typeof QuestionnaireInput>;

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
    if (isUniqueViolation(error)) return timingRefusal('already_answered', 'moment');
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

export interface QuestionnaireDue {
  householdId: number;
  reference: string;
  name: string | null;
  /** As people read it (« 06 12 34 56 78 »), or null. */
  phone: string | null;
  sectorId: number | null;
  sectorCode: string | null;
  sectorName: string | null;
  beforeOn: string;
  dueFrom: string;
}

/**
 * The households to ask again: « before » answered at least six months ago, no « after » yet — the whole programme
 * for the coordinator, the households of its sectors for a facility — the longest waiting first.
 */
export async function questionnairesDue({
  db,
  actor,
  today = localDate(new Date()),
}: {
  db: DbOrTx;
  actor: Actor;
  today?: string;
}): Promise<QuestionnaireDue[]> {
  const scope = assertCanAtAll(actor, 'questionnaire.record');
  const where: SQL[] = [];
  if (scope === 'sectors') where.push(sql`cur.sector_id = any(${intArray(actor.sectorIds)})`);
  else if (scope === 'household') where.push(sql`h.id = ${actor.householdId ?? -1}`);
  else if (scope !== 'programme') where.push(sql`false`);
  const rows = await db.execute<{
    household_id: number;
    reference: string;
    name: string | null;
    phone: string | null;
    sector_id: number | null;
    sector_code: string | null;
    sector_name: string | null;
    before_on: string;
    due_from: string;
  }>(sql`
    select h.id as household_id, h.reference, h.phone, b.answered_on::text as before_on,
           (b.answered_on + interval '6 months')::date::text as due_from,
           cur.sector_id, s.code as sector_code, s.name as sector_name,
           (select m.first_name || ' ' || m.last_name from household_member m where m.household_id = h.id
             order by (m.is_reference_person = 'yes') desc, m.id limit 1) as name
      from questionnaire_response b
      join household h on h.id = b.household_id
      left join lateral (
        select d.sector_id from tenancy t join dwelling d on d.id = t.dwelling_id
         where t.household_id = h.id and (t.end_date is null or t.end_date > ${today}::date)
         order by t.start_date desc limit 1) cur on true
      left join sector s on s.id = cur.sector_id
     where b.programme_id = ${actor.programmeId} and b.moment = 'before'
       and (b.answered_on + interval '6 months')::date <= ${today}::date
       and not exists (select 1 from questionnaire_response a
                        where a.household_id = b.household_id and a.moment = 'after')
       ${where.length ? sql`and ${sql.join(where, sql` and `)}` : sql``}
     order by b.answered_on, h.reference`);
  return rows.map((r) => ({
    householdId: r.household_id,
    reference: r.reference,
    name: r.name,
    phone: r.phone ? displayPhone(r.phone) : null,
    sectorId: r.sector_id,
    sectorCode: r.sector_code,
    sectorName: r.sector_name,
    beforeOn: r.before_on,
    dueFrom: r.due_from,
  }));
}

export const questionnairesDueCsvColumns = [
  'reference_foyer',
  'nom',
  'telephone',
  'secteur',
  'questionnaire_avant_le',
  'a_reposer_a_partir_du',
] as const;

/** The call list as French spreadsheets open it (UTF-8 with BOM, `;`, one line per household). */
export function questionnairesDueCsv(rows: QuestionnaireDue[]): string {
  const lines = rows.map((r) =>
    [r.reference, r.name ?? '', r.phone ?? '', r.sectorName ?? '', r.beforeOn, r.dueFrom]
      .map(csvCell)
      .join(';'),
  );
  return `\uFEFF${[questionnairesDueCsvColumns.join(';'), ...lines].map((l) => `${l}\r\n`).join('')}`;
}
