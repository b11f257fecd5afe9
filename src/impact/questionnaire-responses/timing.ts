// When a household may answer the questionnaire, and what it answers next: rules, table-tested.
import { calendarDayText } from '../../platform/dates.ts';
import type { QuestionnaireMoment } from '../schema.ts';
import {
  type AnsweredMoments,
  afterDueFrom,
  type QuestionnaireRefusal,
  type QuestionnaireRefused,
  refusal,
} from './values.ts';

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
  if (answeredOn > today) return refusal('answered_in_future', 'answeredOn');
  if (answered[moment] !== null) return refusal('already_answered', 'moment');
  if (moment === 'after') {
    if (answered.before === null) return refusal('before_missing', 'moment');
    const dueFrom = afterDueFrom(answered.before);
    if (answeredOn < dueFrom)
      return {
        ...refusal('too_early', 'moment'),
        message:
          `Le questionnaire « après » se remplit six mois après le premier (rempli le ` +
          `${calendarDayText(answered.before)}) : on peut y répondre à partir du ${calendarDayText(dueFrom)}.`,
        dueFrom,
      };
  }
  return { ok: true };
}

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
