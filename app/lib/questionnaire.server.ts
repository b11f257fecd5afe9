// The questionnaire form posted back, by staff for a household or by a resident for their own: its answers read
// with the version shown today, recorded, and on refusal the errors and what was typed, for the form to show again.
import { data } from 'react-router';
import { type QuestionnaireMoment, questionnaireOn, recordQuestionnaire } from '../../src/impact/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import type { Db } from '../../src/platform/db/index.ts';
import type { Actor } from '../../src/platform/permissions/index.ts';
import { answerErrors, answersFromForm } from '../components/questionnaire-form.tsx';

export async function recordPostedQuestionnaire({
  db,
  actor,
  householdId,
  form,
  answeredOn,
}: {
  db: Db;
  actor: Actor;
  householdId: number;
  form: FormData;
  /** Staff may enter a paper questionnaire answered earlier; a resident answers on the day. */
  answeredOn?: string;
}) {
  const today = localDate(new Date());
  // The form shows today's version; its answers are read back with it.
  const answers = answersFromForm(form, questionnaireOn(today));
  const result = await recordQuestionnaire({
    db,
    actor,
    householdId,
    input: { moment: String(form.get('moment') ?? '') as QuestionnaireMoment, answeredOn, answers },
    today,
  });
  if (result.ok) return { ok: true as const, moment: result.moment };
  return {
    ok: false as const,
    response: data(
      { errors: answerErrors(result), values: answers, answeredOn: answeredOn ?? '' },
      { status: result.reason === 'invalid' ? 400 : 409 },
    ),
  };
}
