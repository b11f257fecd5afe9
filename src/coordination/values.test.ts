import { describe, expect, it } from 'vitest';
import {
  AgreementForm,
  RenewalForm,
  SteeringActionInput,
  SubsidyPaymentForm,
  SubsidyPlanForm,
} from './values.ts';

const messages = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('the coordination forms', () => {
  const agreement = {
    organisationId: '3',
    reference: 'CONV-2024-03',
    object: 'Ateliers',
    startsOn: '2024-01-01',
    endsOn: '2024-12-31',
    amountCents: '20 000',
    noticeDays: '',
  };

  it('an agreement typed in euros, notice left empty: cents and 90 days', () => {
    expect(AgreementForm.parse(agreement)).toMatchObject({
      organisationId: 3,
      amountCents: 2_000_000,
      noticeDays: 90,
    });
    expect(AgreementForm.parse({ ...agreement, amountCents: '' }).amountCents).toBe(0);
  });

  it.each([
    [{ amountCents: 'beaucoup' }, 'amountCents', 'Montant en euros attendu, par exemple 20 000 ou 1 234,56'],
    [{ organisationId: '' }, 'organisationId', 'Choisissez le partenaire'],
    [{ endsOn: '2023-12-31' }, 'endsOn', 'La fin doit être le jour du début ou après'],
    [{ startsOn: '2024-02-30' }, 'startsOn', 'Date attendue au format AAAA-MM-JJ'],
    [{ noticeDays: '400' }, 'noticeDays', '365 jours au plus'],
    [{ reference: '' }, 'reference', 'Écrivez la référence de la convention, par exemple CONV-2024-03'],
  ])('%o is refused on %s in French', (change, field, message) => {
    expect(messages(AgreementForm.safeParse({ ...agreement, ...change }))[field]).toBe(message);
  });

  it('a renewal copies what is left empty', () => {
    expect(
      RenewalForm.parse({
        reference: 'R',
        endsOn: '2025-12-31',
        object: '',
        amountCents: '',
        noticeDays: '',
      }),
    ).toEqual({
      reference: 'R',
      endsOn: '2025-12-31',
    });
  });

  it('optional choices may be left empty; a payment must be more than 0 €', () => {
    const plan = {
      organisationId: '4',
      year: '2024',
      purpose: 'Ateliers multimédia',
      plannedCents: '5 000',
      agreementId: '',
    };
    expect(SubsidyPlanForm.parse(plan)).toMatchObject({ plannedCents: 500_000, agreementId: undefined });
    expect(
      SteeringActionInput.parse({
        description: 'Relancer',
        ownerOrganisationId: '',
        ownerName: 'Claire',
        dueOn: '2025-01-31',
      }).ownerOrganisationId,
    ).toBeUndefined();
    expect(
      messages(SubsidyPaymentForm.safeParse({ paidOn: '2024-03-01', amountCents: '0', reference: '' })),
    ).toEqual({
      amountCents: 'Le versement doit être supérieur à 0 €',
    });
  });
});
