// Household values with real rules, as zod schemas shared by pages, API and CLI.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { z } from 'zod';

export const contactChannels = ['phone', 'sms', 'letter', 'email'] as const;
export const ageBands = ['under_18', '18_29', '30_44', '45_59', '60_74', '75_plus', 'not_given'] as const;
export const answers = ['yes', 'no', 'not_given'] as const;
export const consentPurposes = ['contact', 'operator_sharing', 'statistics', 'testimony'] as const;
export const consentSources = ['paper_form', 'in_person', 'online', 'phone'] as const;
/** Languages offered for letters and calls; translators add more without code changes. */
export const languages = ['fr', 'en', 'ar', 'br', 'tr', 'pt', 'ro', 'ru', 'uk', 'wo'] as const;

import { blankToUndefined, CalendarDay } from '../platform/validation.ts';

/** A French (or international) phone number, stored in E.164. */
export const PhoneNumber = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const parsed = parsePhoneNumberFromString(raw, 'FR');
    if (!parsed?.isValid()) {
      ctx.addIssue({ code: 'custom', message: 'Numéro de téléphone invalide, par exemple 06 12 34 56 78' });
      return z.NEVER;
    }
    return parsed.number as string;
  })
  .brand<'PhoneNumber'>();
export type PhoneNumber = z.infer<typeof PhoneNumber>;

/** A stored number as people write it: 06 12 34 56 78 in France, international format otherwise. */
export function displayPhone(stored: string): string {
  const parsed = parsePhoneNumberFromString(stored);
  if (!parsed) return stored;
  return parsed.country === 'FR' ? parsed.formatNational() : parsed.formatInternational();
}

export const HouseholdContact = z
  .object({
    phone: z.preprocess(blankToUndefined, PhoneNumber.optional()),
    email: z.preprocess(blankToUndefined, z.email('Adresse e-mail invalide').max(200).optional()),
    channels: z
      .preprocess(
        (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
        z.array(z.enum(contactChannels)),
      )
      .pipe(z.array(z.enum(contactChannels)).min(1, 'Choisissez au moins un moyen de contact')),
    language: z.enum(languages).default('fr'),
  })
  .superRefine((value, ctx) => {
    if ((value.channels.includes('phone') || value.channels.includes('sms')) && !value.phone) {
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'Un numéro est nécessaire pour être contacté par téléphone ou SMS',
      });
    }
    if (value.channels.includes('email') && !value.email) {
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Une adresse e-mail est nécessaire pour être contacté par e-mail',
      });
    }
  });

export const HouseholdProfile = z.object({
  minimumBenefits: z.enum(answers).default('not_given'),
  singleParent: z.enum(answers).default('not_given'),
  livesAlone: z.enum(answers).default('not_given'),
  firstTimeUser: z.enum(answers).default('not_given'),
});

const currentYear = () => new Date().getFullYear();

export const HouseholdMemberInput = z.object({
  firstName: z.string().trim().min(1, 'Le prénom est obligatoire').max(80),
  lastName: z.string().trim().min(1, 'Le nom est obligatoire').max(80),
  birthYear: z.preprocess(
    blankToUndefined,
    z.coerce
      .number()
      .int('Année entière attendue')
      .min(1900, 'Année de naissance trop ancienne')
      .refine((y) => y <= currentYear(), 'Année de naissance dans le futur')
      .optional(),
  ),
  ageBand: z.enum(ageBands).default('not_given'),
});

/** A calendar day, as YYYY-MM-DD (tenancies and consents are calendar dates), of an era PostgreSQL can store. */
export const IsoDate = CalendarDay;

export const NewHousehold = z.object({
  dwellingId: z.coerce
    .number()
    .int()
    .positive('Choisissez un logement')
    .max(2_147_483_647, 'Logement inconnu'),
  tenancyStart: IsoDate,
  member: HouseholdMemberInput,
  contact: HouseholdContact,
});

export const ConsentInput = z.object({
  purpose: z.enum(consentPurposes),
  givenOn: IsoDate,
  source: z.enum(consentSources),
});

/** The age band derived from a birth year, for statistics that need no birth date. */
export function ageBandFor(birthYear: number | undefined, today: Date): (typeof ageBands)[number] {
  if (birthYear === undefined) return 'not_given';
  const age = today.getFullYear() - birthYear;
  if (age < 18) return 'under_18';
  if (age < 30) return '18_29';
  if (age < 45) return '30_44';
  if (age < 60) return '45_59';
  if (age < 75) return '60_74';
  return '75_plus';
}
