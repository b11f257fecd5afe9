// Workshop values with real rules, as zod schemas shared by pages, API and CLI.
import { z } from 'zod';
import { blankToUndefined, CalendarDay, Checkbox, SingleLine } from '../platform/validation.ts';
import { normalisePhone } from './facility-standard.ts';
import { checkOpeningHours } from './opening-hours.ts';
import { courseKinds, courseLevels, reminderChannels } from './schema.ts';

const Optional = (max: number) => z.preprocess(blankToUndefined, SingleLine(0, max, '').optional());
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure attendue, par exemple 14:00');
const checkbox = Checkbox;
const Id = z.coerce.number().int().positive().max(2_147_483_647);

/** A facility typed by staff (the full standard's record comes by import). */
export const FacilityInput = z.object({
  name: SingleLine(2, 160, 'Indiquez le nom du lieu'),
  address: SingleLine(3, 200, 'Indiquez l’adresse (numéro et voie)'),
  addressComplement: Optional(200),
  postcode: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'Code postal à 5 chiffres'),
  commune: SingleLine(1, 120, 'Indiquez la commune'),
  inseeCode: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^([013-9]\d|2[AB1-9])\d{3}$/, 'Code INSEE à 5 caractères, par exemple 29019')
      .optional(),
  ),
  pivot: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[a-zA-Z0-9]{9,14}$/, 'SIRET (14 chiffres) ou numéro RNA (W suivi de 9 chiffres)')
      .optional(),
  ),
  latitude: z.preprocess(blankToUndefined, z.coerce.number('Latitude en degrés').min(-90).max(90).optional()),
  longitude: z.preprocess(
    blankToUndefined,
    z.coerce.number('Longitude en degrés').min(-180).max(180).optional(),
  ),
  phone: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(30)
      .transform((value, ctx) => {
        const phone = normalisePhone(value);
        if (!phone) {
          ctx.addIssue({
            code: 'custom',
            message: 'Numéro de téléphone invalide, par exemple 02 98 00 00 00',
          });
          return z.NEVER;
        }
        return phone;
      })
      .optional(),
  ),
  email: z.preprocess(blankToUndefined, z.email('Adresse e-mail invalide').optional()),
  openingHours: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(500)
      .superRefine((value, ctx) => {
        const problem = checkOpeningHours(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  ),
  summary: Optional(280),
  accessibility: Optional(500),
  wheelchairAccessible: checkbox,
  computers: z.coerce.number('Nombre d’ordinateurs').int().min(0).max(500),
  organisationId: z.preprocess(blankToUndefined, Id.optional()),
});
export type FacilityInputValue = z.infer<typeof FacilityInput>;

export const RoomInput = z.object({
  name: SingleLine(1, 80, 'Indiquez le nom de la salle'),
  seats: z.coerce.number('Nombre de places').int('Nombre entier').min(1, 'Au moins 1 place').max(500),
  computers: z.coerce.number('Nombre d’ordinateurs').int().min(0).max(500),
});

const CourseFields = {
  facilityId: Id,
  title: SingleLine(3, 120, 'Indiquez le titre de l’atelier'),
  level: z.enum(courseLevels, 'Choisissez un niveau'),
  audience: SingleLine(2, 120, 'Indiquez le public (par exemple « Débutants, tout public »)'),
  description: z.string().trim().min(10, 'Décrivez l’atelier en une ou deux phrases').max(2000),
  competencies: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[\s,;|]+/).filter(Boolean) : v),
    z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'Code de compétence invalide'))
      .max(30)
      .default([]),
  ),
  capacity: z.coerce.number('Nombre de places').int('Nombre entier').min(1, 'Au moins 1 place').max(200),
  roomId: z.preprocess(blankToUndefined, Id.optional()),
  facilitatorName: Optional(120),
  startTime: Time,
  endTime: Time,
};

/** A cycle: sessions at the same time every week (or every N weeks), public holidays stepped over. */
export const CycleInput = z
  .object({
    ...CourseFields,
    kind: z.literal('cycle'),
    firstDay: CalendarDay,
    sessionCount: z.coerce.number('Nombre de séances').int().min(1, 'Au moins 1 séance').max(52),
    everyWeeks: z.coerce.number().int().min(1).max(4).default(1),
    skipHolidays: checkbox.default(true),
  })
  .refine((v) => v.endTime > v.startTime, { path: ['endTime'], message: 'La fin doit suivre le début' });

/** Drop-in sessions: a course without a fixed cycle; sessions are added one by one. */
export const DropInInput = z
  .object({
    ...CourseFields,
    kind: z.literal('drop_in'),
    firstDay: CalendarDay,
  })
  .refine((v) => v.endTime > v.startTime, { path: ['endTime'], message: 'La fin doit suivre le début' });

export const CourseInput = z.discriminatedUnion('kind', [CycleInput, DropInInput], {
  error: 'Choisissez : cycle de séances ou atelier libre',
});
export type CourseInputValue = z.infer<typeof CourseInput>;
export { courseKinds };

/** A session added to a course, or a session moved. */
export const SessionInput = z
  .object({
    day: CalendarDay,
    startTime: Time,
    endTime: Time,
    roomId: z.preprocess(blankToUndefined, Id.optional()),
    facilitatorName: Optional(120),
    capacity: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).optional()),
  })
  .refine((v) => v.endTime > v.startTime, { path: ['endTime'], message: 'La fin doit suivre le début' });

export const RegistrationInput = z.object({
  memberId: Id,
  reminderChannel: z.enum(
    reminderChannels,
    'Choisissez comment être prévenu : SMS, appel, courrier ou e-mail',
  ),
  /** A drop-in session; absent for a whole cycle. */
  sessionId: z.preprocess(blankToUndefined, Id.optional()),
});

export const CancelSessionInput = z.object({
  reason: SingleLine(3, 300, 'Indiquez pourquoi la séance est annulée'),
});

export const AttendanceInput = z.object({
  registrationId: Id,
  present: z.preprocess((v) => v === true || v === 'true' || v === 'present' || v === 'on', z.boolean()),
});
