// What a report (bilan) is made of as people type it — a title, a period, an area, the coordinator's own text and
// the testimonies chosen — with French errors, and why a change to a report can be refused.
import { z } from 'zod';
import { CalendarDay, MultiLine, SingleLine } from '../../platform/validation.ts';

export const reportLimits = {
  title: 160,
  summary: 5_000,
  sections: 20,
  heading: 160,
  body: 10_000,
  testimonies: 50,
} as const;

const Identifier = z.coerce
  .number('Identifiant attendu')
  .int('Identifiant attendu')
  .positive('Identifiant attendu')
  .max(2_147_483_647, 'Identifiant trop grand');

export const ReportSectionInput = z.object({
  heading: SingleLine(1, reportLimits.heading, 'Donnez un titre à la section'),
  body: MultiLine(0, reportLimits.body, ''),
});

/** The area of a report: a sector, a neighbourhood, or (neither) the whole programme. */
export const ReportAreaInput = z.object({
  neighbourhoodId: Identifier.nullable().optional(),
  sectorId: Identifier.nullable().optional(),
});

const title = SingleLine(1, reportLimits.title, 'Le titre est obligatoire');
const period = {
  periodFrom: CalendarDay,
  periodTo: CalendarDay,
};

/** Checks a period: the end after the start, both days known (not after today). */
export function periodIssues(
  { periodFrom, periodTo }: { periodFrom?: string; periodTo?: string },
  today: string,
): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (periodFrom && periodTo && periodTo < periodFrom)
    issues.push({ path: 'periodTo', message: 'La fin de la période doit venir après son début' });
  if (periodFrom && periodFrom > today)
    issues.push({ path: 'periodFrom', message: 'La période ne peut pas commencer après aujourd’hui' });
  if (periodTo && periodTo > today)
    issues.push({
      path: 'periodTo',
      message: 'La période ne peut pas finir après aujourd’hui : un bilan porte sur des jours passés',
    });
  return issues;
}

const areaIssue = (v: { neighbourhoodId?: number | null; sectorId?: number | null }) =>
  v.neighbourhoodId && v.sectorId
    ? [{ path: 'sectorId', message: 'Choisissez un secteur ou un quartier, pas les deux' }]
    : [];

export const NewReportInput = z
  .object({ title, ...period, ...ReportAreaInput.shape })
  .superRefine((v, ctx) => {
    for (const issue of areaIssue(v))
      ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });
export type NewReportInputValue = z.input<typeof NewReportInput>;

export const ReportChangeInput = z
  .object({
    title: title.optional(),
    periodFrom: period.periodFrom.optional(),
    periodTo: period.periodTo.optional(),
    ...ReportAreaInput.shape,
    summary: MultiLine(0, reportLimits.summary, '').optional(),
    sections: z
      .array(ReportSectionInput)
      .max(reportLimits.sections, `${reportLimits.sections} sections au plus`)
      .optional(),
    testimonyIds: z
      .array(Identifier)
      .max(reportLimits.testimonies, `${reportLimits.testimonies} témoignages au plus`)
      .optional(),
  })
  .superRefine((v, ctx) => {
    for (const issue of areaIssue(v))
      ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });
export type ReportChangeInputValue = z.input<typeof ReportChangeInput>;

export type ReportRefusal = 'invalid' | 'unknown_area' | 'unknown_testimony' | 'published';

export const reportRefusalMessages: Record<ReportRefusal, string> = {
  invalid: 'Certaines valeurs sont invalides : corrigez les champs signalés.',
  unknown_area: 'Choisissez un secteur ou un quartier du programme dans la liste.',
  unknown_testimony: 'Choisissez des témoignages du programme qui n’ont pas été retirés.',
  published: 'Ce bilan est publié : ses chiffres et son texte ne changent plus. Créez un nouveau bilan.',
};

export type Issue = { path: string; message: string };
export type ReportRefused<R extends ReportRefusal = ReportRefusal> = {
  ok: false;
  reason: R;
  message: string;
  field?: string;
  issues?: Issue[];
};

export const refuse = <R extends ReportRefusal>(reason: R, field?: string): ReportRefused<R> => ({
  ok: false,
  reason,
  message: reportRefusalMessages[reason],
  ...(field ? { field } : {}),
});

export const invalid = (issues: Issue[]): ReportRefused<'invalid'> => ({
  ok: false,
  reason: 'invalid',
  message: reportRefusalMessages.invalid,
  field: issues[0]?.path,
  issues,
});

export const zodIssues = (error: z.ZodError): Issue[] =>
  error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
