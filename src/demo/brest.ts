// The demo programme's shape, after Brest's "Internet pour tous en habitat social". Places are Brest's;
// street numbers, QPV codes and people are illustrative.
export const demoProgramme = { slug: 'brest', name: 'Internet pour tous — Brest' };
export const brestInsee = '29019';

export const demoNeighbourhoods = [
  { name: 'Kerourien', qpvCode: 'QN02904M', centre: [48.3985, -4.5135] },
  { name: 'Keredern', qpvCode: 'QN02903M', centre: [48.4052, -4.4561] },
  { name: 'Bellevue', qpvCode: 'QN02901M', centre: [48.404, -4.503] },
  { name: 'Pontanézen', qpvCode: 'QN02906M', centre: [48.4185, -4.478] },
  { name: 'Recouvrance', qpvCode: 'QN02907M', centre: [48.3842, -4.4985] },
] as const;

/** Seven sectors, 4,000 dwellings in all (Kerourien 596 and Keredern 1,053 as in Brest), and when each was identified. */
export const demoSectors = [
  {
    code: 'KER',
    identifiedOn: '2010-02-01',
    name: 'Kerourien',
    neighbourhood: 'Kerourien',
    dwellings: 596,
    streets: ['rue de Kerourien', 'rue Anatole France', 'rue Jean Marie Le Bris'],
  },
  {
    code: 'KRD-N',
    identifiedOn: '2011-04-01',
    name: 'Keredern Nord',
    neighbourhood: 'Keredern',
    dwellings: 530,
    streets: ['rue du Languedoc', 'rue du Bugey'],
  },
  {
    code: 'KRD-S',
    identifiedOn: '2011-04-01',
    name: 'Keredern Sud',
    neighbourhood: 'Keredern',
    dwellings: 523,
    streets: ['rue de Provence', 'rue du Dauphiné'],
  },
  {
    code: 'VAL',
    identifiedOn: '2024-09-02',
    name: 'Valy-Hir',
    neighbourhood: 'Bellevue',
    dwellings: 480,
    streets: ['rue de Valy-Hir', 'rue Saint-Saëns'],
  },
  {
    code: 'BEL',
    identifiedOn: '2011-04-01',
    name: 'Bellevue Kergoat',
    neighbourhood: 'Bellevue',
    dwellings: 640,
    streets: ['rue Jules Lesven', 'rue Anne de Bretagne', 'place Napoléon III'],
  },
  {
    code: 'PON',
    identifiedOn: '2012-09-03',
    name: 'Pontanézen',
    neighbourhood: 'Pontanézen',
    dwellings: 721,
    streets: ['rue Paul Dukas', 'rue Maurice Ravel', 'rue Bizet'],
  },
  {
    code: 'REC',
    identifiedOn: '2024-09-02',
    name: 'Recouvrance',
    neighbourhood: 'Recouvrance',
    dwellings: 510,
    streets: ['rue de la Porte', 'rue Vauban', 'rue de Saint-Malo'],
  },
] as const;

export const demoOrganisations = [
  {
    key: 'city',
    kind: 'city',
    name: 'Ville de Brest — service des usages numériques',
    phone: '02 98 00 80 80',
    sectors: [],
  },
  {
    key: 'landlord',
    kind: 'landlord',
    name: 'Brest métropole habitat',
    phone: '02 98 43 43 43',
    sectors: [],
  },
  {
    key: 'operator',
    kind: 'operator',
    name: 'SFR',
    phone: null,
    sectors: ['KER', 'KRD-N', 'KRD-S', 'VAL', 'BEL', 'PON', 'REC'],
  },
  {
    key: 'facility-ker',
    kind: 'facility',
    name: 'Centre social de Kerourien',
    phone: null,
    sectors: ['KER', 'KRD-N', 'KRD-S'],
  },
  {
    key: 'facility-bel',
    kind: 'facility',
    name: 'Maison de quartier de Bellevue',
    phone: null,
    sectors: ['VAL', 'BEL'],
  },
  {
    key: 'facility-pon',
    kind: 'facility',
    name: 'Maison Pour Tous de Pontanézen',
    phone: null,
    sectors: ['PON', 'REC'],
  },
  { key: 'recycling', kind: 'recycling_centre', name: 'Un peu d’R', phone: null, sectors: [] },
  { key: 'clcv', kind: 'consumer_association', name: 'CLCV Brest', phone: null, sectors: [] },
  { key: 'csf', kind: 'consumer_association', name: 'CSF Brest', phone: null, sectors: [] },
  {
    key: 'tenants',
    kind: 'tenant_association',
    name: 'Association des locataires de Keredern',
    phone: null,
    sectors: ['KRD-N', 'KRD-S'],
  },
] as const;

/** One account per role. The password is public: demo mode only. */
export const demoPassword = 'palier-demo-2026';
export const demoAccounts = [
  { role: 'coordinator', email: 'coordination@demo.palier.fr', name: 'Claire Le Gall', organisation: 'city' },
  { role: 'admin', email: 'admin@demo.palier.fr', name: 'Yann Morvan', organisation: 'city' },
  {
    role: 'landlord_officer',
    email: 'bailleur@demo.palier.fr',
    name: 'Sophie Kerhervé',
    organisation: 'landlord',
  },
  // A second vote officer: paper ballots are entered twice, by two different people.
  {
    role: 'landlord_officer',
    email: 'bailleur2@demo.palier.fr',
    name: 'Marc Le Bihan',
    organisation: 'landlord',
  },
  {
    role: 'operator_agent',
    email: 'operateur@demo.palier.fr',
    name: 'Karim Benali',
    organisation: 'operator',
  },
  {
    role: 'facilitator',
    email: 'animation@demo.palier.fr',
    name: 'Maëlle Tanguy',
    organisation: 'facility-ker',
  },
  {
    role: 'recycling_agent',
    email: 'recyclerie@demo.palier.fr',
    name: 'Gwen Abgrall',
    organisation: 'recycling',
  },
  { role: 'adviser', email: 'conseil@demo.palier.fr', name: 'Paul Quéméner', organisation: 'clcv' },
  { role: 'tenant_rep', email: 'locataires@demo.palier.fr', name: 'Fatou Diallo', organisation: 'tenants' },
  {
    role: 'resident',
    email: 'resident@demo.palier.fr',
    name: 'Résident de démonstration',
    organisation: null,
  },
] as const;
