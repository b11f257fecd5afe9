// Residents' testimonies: words said about the programme, recorded by the staff who heard them with the person's
// consent (under their first name or anonymously, as they chose), and withdrawn the day the person changes their
// mind — the words and the first name are then erased, never to be shown again; only the fact stays, for the audit.
// This file: what a testimony is made of as staff type it, with French errors, and why a change can be refused.
import { blankToUndefined, CalendarDay, MultiLine, SingleLine, z } from '../../platform/validation.ts';
import type { ConsentForm, TestimonyAttribution } from '../schema.ts';

export const testimonyAttributions = ['first_name', 'anonymous'] as const satisfies TestimonyAttribution[];
export const consentForms = ['signed', 'oral', 'online'] as const satisfies ConsentForm[];

export const attributionLabels: Record<TestimonyAttribution, string> = {
  first_name: 'Sous son prénom',
  anonymous: 'Anonyme',
};
export const consentFormLabels: Record<ConsentForm, string> = {
  signed: 'Formulaire signé',
  oral: 'À l’oral, noté par l’équipe',
  online: 'En ligne',
};

/** How a testimony is signed, as the person chose: « Aïcha », or « Anonyme » (also once the first name is erased). */
export const attributionText = (t: { attribution: TestimonyAttribution; firstName: string | null }) =>
  t.attribution === 'first_name' && t.firstName ? t.firstName : 'Anonyme';

/** The longest testimony: a few sentences, what a report quotes. */
export const maxQuoteLength = 1000;

const optionalId = (message: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number(message).int(message).positive(message).max(2_147_483_647, message).optional(),
  );

/** What staff write down: the words, how the person wants to be named, where it was said, and their consent. */
export const TestimonyInput = z
  .object({
    quote: MultiLine(3, maxQuoteLength, 'Écrivez les mots de la personne (3 caractères au moins)'),
    attribution: z.enum(testimonyAttributions, 'Choisissez comment la personne veut être citée'),
    firstName: z.preprocess(
      blankToUndefined,
      SingleLine(1, 60, 'Écrivez le prénom choisi par la personne').optional(),
    ),
    context: SingleLine(
      3,
      160,
      'Dites où ces mots ont été dits, par exemple « Atelier débutants, Kerourien »',
    ),
    householdId: optionalId('Foyer inconnu'),
    /** The household's reference (« BMH-KER-0012 »), as staff read it on its page; instead of its id. */
    householdReference: z.preprocess(
      blankToUndefined,
      SingleLine(1, 60, 'Écrivez la référence du foyer').optional(),
    ),
    sectorId: optionalId('Choisissez un secteur de la liste'),
    consentOn: CalendarDay,
    consentForm: z.enum(consentForms, 'Choisissez la forme du consentement'),
  })
  .superRefine((v, ctx) => {
    if (v.attribution === 'first_name' && !v.firstName)
      ctx.addIssue({
        code: 'custom',
        path: ['firstName'],
        message: 'La personne a choisi son prénom : écrivez-le',
      });
  })
  // An anonymous testimony keeps no first name, even one typed by mistake.
  .transform((v) => (v.attribution === 'anonymous' ? { ...v, firstName: undefined } : v));
export type TestimonyInputValue = z.input<typeof TestimonyInput>;

export type TestimonyRefusal =
  | 'invalid'
  | 'consent_in_future'
  | 'unknown_household'
  | 'unknown_sector'
  | 'consent_withdrawn'
  | 'already_withdrawn';

export const testimonyRefusalMessages: Record<TestimonyRefusal, string> = {
  invalid: 'Certaines valeurs sont invalides : corrigez les champs signalés.',
  consent_in_future: 'Le consentement s’enregistre une fois donné : sa date ne peut pas être dans le futur.',
  unknown_household:
    'Foyer inconnu : vérifiez sa référence (elle est en haut de la page du foyer), ou laissez le champ vide.',
  unknown_sector: 'Choisissez un secteur de la liste, ou aucun.',
  consent_withdrawn:
    'Ce foyer a retiré son accord pour les témoignages : notez d’abord son nouvel accord sur la page « Consentements » du foyer, ou enregistrez le témoignage sans foyer.',
  already_withdrawn: 'Ce témoignage est déjà retiré.',
};

export type TestimonyRefused<R extends TestimonyRefusal = TestimonyRefusal> = {
  ok: false;
  reason: R;
  message: string;
  field?: string;
  issues?: { path: string; message: string }[];
};

export const refuse = <R extends TestimonyRefusal>(reason: R, field?: string): TestimonyRefused<R> => ({
  ok: false,
  reason,
  message: testimonyRefusalMessages[reason],
  ...(field ? { field } : {}),
});
