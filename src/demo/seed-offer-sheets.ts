// Demo offer sheets: Kerourien (written by the coordination) and Keredern Sud (written by the tenant association,
// proposed, then published), comparing the collective access with the operators' fibre boxes. Prices are
// illustrative, of the order of the operators' public offers.
import { and, eq, inArray } from 'drizzle-orm';
import { createSheet, type Offer, proposeSheet, publishSheet } from '../advice/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor, Role } from '../platform/permissions/index.ts';
import { sector } from '../territory/index.ts';

const collective: Offer = {
  operator: 'SFR (Internet collectif)',
  offer: 'Internet collectif du logement',
  monthlyCents: 124,
  speed: 'Jusqu’à 100 Mbit/s, par la prise du logement',
  commitmentMonths: 0,
  fees: 'Aucun frais de mise en service. Le boîtier est prêté.',
  termination:
    'Rien à payer. Le service est dans les charges du logement : il s’arrête quand vous quittez le logement.',
};

const boxes: Offer[] = [
  {
    operator: 'Orange',
    offer: 'Livebox Fibre',
    monthlyCents: 4199,
    speed: 'Jusqu’à 500 Mbit/s',
    commitmentMonths: 12,
    fees: 'Mise en service : 48 €. Prix promotionnel la première année, puis plus cher.',
    termination:
      'Avant 12 mois : vous payez les mois qui restent. Frais de résiliation : 50 €. La box est à rendre, sinon elle est facturée.',
  },
  {
    operator: 'SFR',
    offer: 'SFR Fibre Power',
    monthlyCents: 3499,
    speed: 'Jusqu’à 1 Gbit/s',
    commitmentMonths: 12,
    fees: 'Mise en service : 39 €.',
    termination:
      'Avant 12 mois : les mois restants sont dus. Frais de résiliation : 49 €. La box est à rendre en boutique ou par La Poste.',
  },
  {
    operator: 'Free',
    offer: 'Freebox Pop',
    monthlyCents: 2999,
    speed: 'Jusqu’à 5 Gbit/s',
    commitmentMonths: 12,
    fees: 'Mise en service : 49 €.',
    termination:
      'Frais de résiliation : 59 €. La box est à renvoyer dans les 15 jours, sinon elle est facturée.',
  },
  {
    operator: 'Bouygues Telecom',
    offer: 'Bbox Fit',
    monthlyCents: 2299,
    speed: 'Jusqu’à 400 Mbit/s',
    commitmentMonths: 12,
    fees: 'Mise en service : 48 €.',
    termination:
      'Avant 12 mois : les mois restants sont dus. Frais de résiliation : 59 €. La box est à rendre.',
  },
];

const actorAs = (
  programmeId: number,
  role: Role,
  organisationId: number | null,
  sectorIds: number[],
): Actor => ({
  userId: null,
  label: 'démo',
  role,
  programmeId,
  organisationId,
  sectorIds,
  householdId: null,
  ip: null,
  channel: 'cli',
});

export async function seedDemoOfferSheets(
  db: Db,
  {
    programmeId,
    coordinatorOrgId,
    associationId,
  }: { programmeId: number; coordinatorOrgId?: number; associationId: number },
) {
  const rows = await db
    .select({ id: sector.id, code: sector.code })
    .from(sector)
    .where(and(eq(sector.programmeId, programmeId), inArray(sector.code, ['KER', 'KRD-S'])));
  const sectorId = new Map(rows.map((r) => [r.code, r.id]));
  const coordinator = actorAs(programmeId, 'coordinator', coordinatorOrgId ?? null, []);
  const tenants = actorAs(programmeId, 'tenant_rep', associationId, [sectorId.get('KRD-S')!]);

  const kerourien = await createSheet({
    db,
    actor: coordinator,
    input: {
      sectorId: sectorId.get('KER')!,
      title: 'Internet à Kerourien : comparer avant de signer',
      intro:
        'Votre logement a déjà Internet : l’accès collectif coûte 1,24 € par mois, dans vos charges. ' +
        'Les box des opérateurs vont plus vite, mais coûtent 20 à 40 € par mois, avec un engagement de 12 mois.',
      offers: [collective, ...boxes],
      validOn: '2026-01-05',
    },
  });
  if (kerourien.ok) await publishSheet({ db, actor: coordinator, sheetId: kerourien.sheetId });

  const keredern = await createSheet({
    db,
    actor: tenants,
    input: {
      sectorId: sectorId.get('KRD-S')!,
      title: 'Internet à Keredern Sud : ce qu’il faut savoir',
      intro:
        'L’association des locataires a comparé les offres. L’Internet collectif suffit pour les démarches, les ' +
        'courriels et les vidéos. Avant de prendre une box, regardez le prix après la première année et les frais ' +
        'si vous partez.',
      offers: [collective, boxes[2]!, boxes[3]!, boxes[0]!],
      validOn: '2026-01-12',
    },
  });
  if (keredern.ok) {
    await proposeSheet({ db, actor: tenants, sheetId: keredern.sheetId });
    await publishSheet({ db, actor: coordinator, sheetId: keredern.sheetId });
  }
}
