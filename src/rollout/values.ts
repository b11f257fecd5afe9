// Inputs of the roll-out's use cases, as zod schemas shared by pages, API and CLI.
import { z } from 'zod';
import { blankToUndefined, CalendarDay, Checkbox, MultiLine, SingleLine } from '../platform/validation.ts';
import { rolloutStages } from '../territory/index.ts';
import { involvements, opinions } from './schema.ts';

const Comment = z.preprocess(blankToUndefined, MultiLine(0, 2000, '').optional());

export const StageDecision = z.object({
  stage: z.enum(rolloutStages, 'Choisissez une étape'),
  decidedOn: z.preprocess(blankToUndefined, CalendarDay.optional()),
  comment: Comment,
});
export type StageDecisionInput = z.infer<typeof StageDecision>;

export const ChecklistTickInput = z.object({
  itemKey: SingleLine(1, 60, 'Élément inconnu'),
  done: Checkbox,
  comment: Comment,
});

export const MeetingInput = z.object({
  heldOn: CalendarDay,
  place: SingleLine(2, 200, 'Écrivez le lieu de la réunion'),
  attendees: MultiLine(2, 2000, 'Écrivez qui était présent'),
});
export type MeetingInputValue = z.infer<typeof MeetingInput>;

const asArray = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** A row identifier of PostgreSQL's `integer` (a larger one would fail in the database, not here). */
const maxId = 2_147_483_647;

export const PositionInput = z.object({
  organisationId: z.coerce
    .number('Choisissez un partenaire')
    .int('Choisissez un partenaire')
    .positive('Choisissez un partenaire')
    .max(maxId, 'Choisissez un partenaire'),
  opinion: z.enum(opinions, 'Choisissez un avis : favorable, réservé ou contre'),
  agrees: Checkbox,
  involvement: z.preprocess(asArray, z.array(z.enum(involvements, 'Engagement inconnu')).max(4)),
  meetingId: z.preprocess(
    blankToUndefined,
    z.coerce
      .number('Choisissez une réunion de la liste')
      .int('Choisissez une réunion de la liste')
      .positive('Choisissez une réunion de la liste')
      .max(maxId, 'Choisissez une réunion de la liste')
      .optional(),
  ),
  comment: Comment,
});
export type PositionInputValue = z.infer<typeof PositionInput>;

/** A month to start the consultation (« 2027-03 » or a day of that month). */
export const PinInput = z.object({
  month: z
    .string('Choisissez un mois')
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/, 'Mois attendu, par exemple 2027-03')
    .transform((v) => `${v.slice(0, 7)}-01`),
  comment: Comment,
});
