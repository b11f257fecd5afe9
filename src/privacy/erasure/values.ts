// What an erasure asks for, as pages, the API and the command line receive it; its refusals in plain French.
import { z } from 'zod';
import { localDate } from '../../platform/dates.ts';
import type { WorkInProgress } from '../../platform/personal-data.ts';
import { CalendarDay } from '../../platform/validation.ts';

export const erasureCauses = ['request', 'retention'] as const;
export type ErasureCause = (typeof erasureCauses)[number];

export const erasureCauseLabels: Record<ErasureCause, string> = {
  request: 'À la demande de la personne',
  retention: 'Fin de la durée de conservation',
};

/** A checkbox posts "on" (or nothing); the API sends a boolean. */
const Checked = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());

/** A request needs the day the person asked, and that day is not in the future (pages, API and CLI alike). */
export function refineErasureRequest(
  value: { cause: ErasureCause; requestedOn?: string | null },
  ctx: z.RefinementCtx,
) {
  if (value.cause === 'request' && !value.requestedOn)
    ctx.addIssue({
      code: 'custom',
      path: ['requestedOn'],
      message: 'Indiquez le jour où la personne a demandé l’effacement',
    });
  if (value.requestedOn && value.requestedOn > localDate(new Date()))
    ctx.addIssue({
      code: 'custom',
      path: ['requestedOn'],
      message: 'La date de la demande ne peut pas être dans le futur',
    });
}

export const ErasureRequest = z
  .object({
    cause: z.enum(erasureCauses, { error: 'Choisissez pourquoi ces données sont effacées' }),
    requestedOn: z.preprocess((v) => (v === '' || v === null ? undefined : v), CalendarDay.optional()),
    keepCertificates: Checked.default(false),
  })
  .superRefine(refineErasureRequest);
export type ErasureRequestValue = z.infer<typeof ErasureRequest>;

/** The French sentence for work that stops an erasure. */
export function inProgressMessage(work: readonly WorkInProgress[]): string {
  return `Ce foyer ne peut pas encore être effacé : il reste ${work.map((w) => w.label).join(', ')}. Terminez ou annulez d’abord ${work.length > 1 ? 'ces démarches' : 'cette démarche'} sur leur page.`;
}

export const alreadyErasedMessage = 'Ce foyer est déjà effacé : il n’y a plus rien à effacer.';
