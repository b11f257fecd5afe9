// The before/after questionnaire as households answer it: once at sign-up (`before`), once at least six months later
// (`after`), every answer optional (« ne souhaite pas répondre » is an answer too), under the version asked on the
// day. Staff record it with the households of their sectors; a resident answers for their own household.
// This file: the moments, the answers as sent, and why answers can be refused (in French).
import { addCalendarMonths } from '../../platform/dates.ts';
import { CalendarDay, z } from '../../platform/validation.ts';
import type { QuestionnaireMoment } from '../schema.ts';

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

export const refusalMessages: Record<QuestionnaireRefusal, string> = {
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

export const refusal = <R extends QuestionnaireRefusal>(
  reason: R,
  field: string,
): QuestionnaireRefused<R> => ({
  ok: false,
  reason,
  message: refusalMessages[reason],
  field,
});

/** Answers as sent: the moment, optionally the day (staff entering a paper form later), the answers by question. */
export const QuestionnaireInput = z.object({
  moment: z.enum(questionnaireMoments, 'Choisissez le moment : avant ou après'),
  answeredOn: CalendarDay.optional(),
  answers: z.record(z.string(), z.unknown(), 'Réponses attendues, question par question').default({}),
});
export type QuestionnaireInputValue = z.input<typeof QuestionnaireInput>;
