// The before/after questionnaire as a form without JavaScript: one fieldset per question (radio buttons for a single
// answer, with « Je préfère ne pas répondre »; checkboxes for several), the staff's compact or the residents' big
// controls. Also reads the posted form back into answers, for the staff's and the resident's pages alike.
import type { QuestionnaireVersion } from '../../src/impact/index.ts';
import { FieldAlert } from './form.tsx';

export type AnswerValues = Record<string, string | string[]>;

/** The answers of a posted form: a chosen option, or the options ticked; an empty choice is no answer. */
export function answersFromForm(form: FormData, questionnaire: QuestionnaireVersion): AnswerValues {
  const answers: AnswerValues = {};
  for (const q of questionnaire.questions) {
    const values = form
      .getAll(q.key)
      .filter((v): v is string => typeof v === 'string')
      .filter((v) => v !== '');
    if (values.length === 0) continue;
    answers[q.key] = q.kind === 'many' ? values : values[0]!;
  }
  return answers;
}

export function QuestionnaireFields({
  questionnaire,
  values = {},
  errors = {},
  plain = false,
}: {
  questionnaire: QuestionnaireVersion;
  /** What was sent, shown again when the form comes back with an error. */
  values?: AnswerValues;
  /** Errors by question key. */
  errors?: Record<string, string[]>;
  /** The residents' page: big controls. */
  plain?: boolean;
}) {
  const choiceClass = plain ? 'big-radio' : 'check';
  return (
    <>
      {questionnaire.questions.map((q, index) => {
        const id = `q-${q.key}`;
        const sent = values[q.key];
        const chosen = Array.isArray(sent) ? sent : sent ? [sent] : [];
        const problem = errors[q.key];
        return (
          <fieldset
            key={q.key}
            id={id}
            className={problem?.length ? 'has-error' : undefined}
            aria-describedby={problem?.length ? `${id}-error` : undefined}
          >
            <legend>
              {index + 1}. {q.label}
              {q.kind === 'many' ? (
                <span className="hint"> (plusieurs réponses possibles, ou aucune)</span>
              ) : null}
            </legend>
            <FieldAlert id={`${id}-error`} errors={problem} />
            {q.options.map((o) => (
              <div className={choiceClass} key={o.value}>
                <input
                  type={q.kind === 'many' ? 'checkbox' : 'radio'}
                  id={`${id}-${o.value}`}
                  name={q.key}
                  value={o.value}
                  defaultChecked={chosen.includes(o.value)}
                />
                <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
              </div>
            ))}
            {q.kind === 'one' ? (
              <div className={choiceClass}>
                <input
                  type="radio"
                  id={`${id}-none`}
                  name={q.key}
                  value=""
                  defaultChecked={chosen.length === 0}
                />
                <label htmlFor={`${id}-none`}>Je préfère ne pas répondre</label>
              </div>
            ) : null}
          </fieldset>
        );
      })}
    </>
  );
}

/** A refusal's issues (`answers.confidence`, `answers.uses.1`) by question key, the day's under `answeredOn`, the rest under ''. */
export function answerErrors(
  refusal: { message: string; field?: string; issues?: { path: string; message: string }[] } | null,
): Record<string, string[]> {
  if (!refusal) return {};
  const out: Record<string, string[]> = {};
  const add = (key: string, message: string) => {
    out[key] = [...new Set([...(out[key] ?? []), message])];
  };
  if (refusal.issues?.length) {
    for (const issue of refusal.issues) {
      const [head, key] = issue.path.split('.');
      add(head === 'answers' && key ? key : head === 'answeredOn' ? 'answeredOn' : '', issue.message);
    }
  } else add(refusal.field === 'answeredOn' ? 'answeredOn' : '', refusal.message);
  return out;
}
