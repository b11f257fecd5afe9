import { describe, expect, it } from 'vitest';
import { ageBandFor, HouseholdContact, HouseholdMemberInput, PhoneNumber } from './values.ts';
import '../platform/validation.ts';

describe('household values', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['+33 2 98 00 80 80', '+33298008080'],
    ['0298008080', '+33298008080'],
  ])('reads the phone number %s as %s', (input, stored) => {
    expect(PhoneNumber.parse(input)).toBe(stored);
  });

  it.each(['12', '06 12 34', 'bonjour'])('refuses the phone number %j in plain French', (input) => {
    const result = PhoneNumber.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Numéro de téléphone invalide, par exemple 06 12 34 56 78');
  });

  it.each<[number | undefined, string]>([
    [undefined, 'not_given'],
    [2010, 'under_18'],
    [2000, '18_29'],
    [1990, '30_44'],
    [1970, '45_59'],
    [1960, '60_74'],
    [1940, '75_plus'],
  ])('gives the age band for a birth year %s', (year, band) => {
    expect(ageBandFor(year, new Date('2026-06-01'))).toBe(band);
  });

  it('needs a phone number to be contacted by SMS, and an e-mail to be contacted by e-mail', () => {
    const result = HouseholdContact.safeParse({ channels: ['sms', 'email'], phone: '', email: '' });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['phone', 'Un numéro est nécessaire pour être contacté par téléphone ou SMS'],
      ['email', 'Une adresse e-mail est nécessaire pour être contacté par e-mail'],
    ]);
  });

  it('needs at least one contact channel', () => {
    expect(HouseholdContact.safeParse({}).error?.issues[0]?.message).toBe(
      'Choisissez au moins un moyen de contact',
    );
  });

  it('refuses a birth year in the future', () => {
    const result = HouseholdMemberInput.safeParse({
      firstName: 'A',
      lastName: 'B',
      birthYear: String(new Date().getFullYear() + 1),
    });
    expect(result.error?.issues[0]?.message).toBe('Année de naissance dans le futur');
  });
});
