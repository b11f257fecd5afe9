// Values with real rules in the territory, as zod schemas shared by pages, API and CLI.
import { z } from 'zod';
import { CalendarDay } from '../platform/validation.ts';

export const InseeCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(\d{5}|2[AB]\d{3})$/, 'Code INSEE de commune attendu : 5 caractères, par exemple 29019')
  .brand<'InseeCode'>();

/** QPV codes look like QN02901M (QP before 2024). */
export const QpvCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^Q[NP]\d{3}\d{3}[A-Z]?$|^Q[NP]\d{6}$|^QN\d{5}[A-Z]$/, 'Code QPV attendu, par exemple QN02901M')
  .brand<'QpvCode'>();

export const NewNeighbourhood = z.object({
  name: z.string().trim().min(2, 'Le nom doit faire au moins 2 caractères').max(100),
  inseeCode: InseeCode,
  qpvCode: z.preprocess((v) => (v === '' ? undefined : v), QpvCode.optional()),
});

export const NewSector = z.object({
  neighbourhoodId: z.coerce.number().int().positive('Choisissez un quartier'),
  code: z
    .string()
    .trim()
    .min(1, 'Le code est obligatoire')
    .max(20)
    .regex(/^[A-Za-z0-9_-]+$/, 'Lettres, chiffres, tirets seulement'),
  name: z.string().trim().min(2, 'Le nom doit faire au moins 2 caractères').max(100),
  /** When the sector was identified, if before today (a programme that starts with its history). */
  identifiedOn: z.preprocess((v) => (v === '' ? undefined : v), CalendarDay.optional()),
});

/**
 * A sector's roll-out, in order. The tenant vote moves a sector to `vote_open`, then `adopted` or `vote_rejected`;
 * the roll-out issue builds the other stages.
 */
export const rolloutStages = [
  'identified',
  'partners_consulted',
  'support_ready',
  'vote_open',
  'vote_rejected',
  'adopted',
  'works',
  'service_open',
  'evaluated',
] as const;
export type RolloutStage = (typeof rolloutStages)[number];

/** What moved a sector to a stage: a person's decision, another module's event, or a past decision recorded later. */
export const stageSources = ['decision', 'vote', 'service', 'history'] as const;
export type StageSource = (typeof stageSources)[number];
