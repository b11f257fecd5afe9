// The before/after questionnaire, the programme's evaluation instrument: a few questions on confidence, uses and
// isolation, asked at sign-up and six months later. Versions are dated data: a new version starts on a date, answers
// keep the version they were given under, and a change is only measured between answers to the same question.
import { z } from 'zod';

export interface QuestionOption {
  value: string;
  label: string;
}

export interface Question {
  key: string;
  label: string;
  /** `one`: a single choice; `many`: any number of choices. Every question may be left unanswered. */
  kind: 'one' | 'many';
  options: QuestionOption[];
}

/** A figure drawn from one question, compared before and after: the share of respondents for whom it holds. */
export interface QuestionnaireIndicator {
  key: string;
  /** French, as a report reads it: « À l’aise pour utiliser Internet seul·e ». */
  label: string;
  question: string;
  /** Which answers count (for `many`: the option must be among those chosen). */
  holds: string[];
}

export interface QuestionnaireVersion {
  version: string;
  /** First day this version is asked. */
  from: string;
  questions: Question[];
  indicators: QuestionnaireIndicator[];
}

export const questionnaireVersions: QuestionnaireVersion[] = [
  {
    version: '2011-1',
    from: '2011-01-01',
    questions: [
      {
        key: 'confidence',
        label: 'Vous sentez-vous à l’aise pour utiliser Internet seul·e ?',
        kind: 'one',
        options: [
          { value: 'not_at_all', label: 'Pas du tout' },
          { value: 'a_little', label: 'Un peu' },
          { value: 'fairly', label: 'Plutôt' },
          { value: 'fully', label: 'Tout à fait' },
        ],
      },
      {
        key: 'uses',
        label: 'Ce dernier mois, qu’avez-vous fait sur Internet ?',
        kind: 'many',
        options: [
          { value: 'email', label: 'Lire ou envoyer des e-mails' },
          { value: 'admin', label: 'Des démarches (CAF, impôts, France Travail, Ameli…)' },
          { value: 'video', label: 'Des appels vidéo avec des proches' },
          { value: 'job', label: 'Chercher un emploi ou une formation' },
          { value: 'school', label: 'Suivre la scolarité des enfants' },
          { value: 'shopping', label: 'Des achats ou des comparaisons de prix' },
          { value: 'news', label: 'Lire les nouvelles, regarder des vidéos' },
        ],
      },
      {
        key: 'contacts',
        label:
          'Ces deux dernières semaines, avez-vous échangé avec des proches (en vrai, au téléphone ou par Internet) ?',
        kind: 'one',
        options: [
          { value: 'never', label: 'Jamais' },
          { value: 'once_or_twice', label: 'Une ou deux fois' },
          { value: 'weekly', label: 'Chaque semaine' },
          { value: 'daily', label: 'Presque tous les jours' },
        ],
      },
      {
        key: 'lonely',
        label: 'Vous arrive-t-il de vous sentir seul·e ?',
        kind: 'one',
        options: [
          { value: 'often', label: 'Souvent' },
          { value: 'sometimes', label: 'Parfois' },
          { value: 'rarely', label: 'Rarement' },
          { value: 'never', label: 'Jamais' },
        ],
      },
    ],
    indicators: [
      {
        key: 'confident',
        label: 'À l’aise pour utiliser Internet seul·e (plutôt ou tout à fait)',
        question: 'confidence',
        holds: ['fairly', 'fully'],
      },
      { key: 'admin', label: 'Fait des démarches en ligne', question: 'uses', holds: ['admin'] },
      { key: 'email', label: 'Utilise les e-mails', question: 'uses', holds: ['email'] },
      { key: 'video', label: 'Appelle des proches en vidéo', question: 'uses', holds: ['video'] },
      {
        key: 'contacts',
        label: 'Échange avec des proches chaque semaine ou plus',
        question: 'contacts',
        holds: ['weekly', 'daily'],
      },
      { key: 'lonely', label: 'Se sent souvent seul·e', question: 'lonely', holds: ['often'] },
    ],
  },
];

/** The version asked on a day: the latest that started on or before it. */
export function questionnaireOn(day: string): QuestionnaireVersion {
  const started = questionnaireVersions
    .filter((v) => v.from <= day)
    .sort((a, b) => b.from.localeCompare(a.from));
  return started[0] ?? questionnaireVersions[0]!;
}

export function questionnaireVersion(version: string): QuestionnaireVersion | undefined {
  return questionnaireVersions.find((v) => v.version === version);
}

/** Answers to a version: each question optional, each value one of its options (French errors). */
export function answersSchema(q: QuestionnaireVersion) {
  return z.object(
    Object.fromEntries(
      q.questions.map((question) => {
        const values = question.options.map((o) => o.value) as [string, ...string[]];
        const one = z.enum(values, `Réponse inconnue à « ${question.label} »`);
        return [question.key, (question.kind === 'one' ? one : z.array(one).max(values.length)).optional()];
      }),
    ),
  );
}

/** Whether an indicator holds for a set of answers; null when the question was not answered. */
export function indicatorHolds(
  indicator: QuestionnaireIndicator,
  answers: Record<string, unknown>,
): boolean | null {
  const answer = answers[indicator.question];
  if (answer === undefined || answer === null) return null;
  if (Array.isArray(answer)) return answer.some((a) => indicator.holds.includes(String(a)));
  return indicator.holds.includes(String(answer));
}

export interface IndicatorChange {
  indicator: QuestionnaireIndicator;
  /** Households that answered the question both times. */
  respondents: number;
  before: number;
  after: number;
}

/**
 * For each indicator, among the households that answered its question before and after: how many it held for
 * before, and after. Pairs answered under different versions count only for indicators both versions share.
 */
export function questionnaireChanges(
  pairs: { version: string; before: Record<string, unknown>; after: Record<string, unknown> }[],
  version: QuestionnaireVersion = questionnaireVersions.at(-1)!,
): IndicatorChange[] {
  return version.indicators.map((indicator) => {
    let respondents = 0;
    let before = 0;
    let after = 0;
    for (const pair of pairs) {
      const b = indicatorHolds(indicator, pair.before);
      const a = indicatorHolds(indicator, pair.after);
      if (b === null || a === null) continue;
      respondents += 1;
      if (b) before += 1;
      if (a) after += 1;
    }
    return { indicator, respondents, before, after };
  });
}
