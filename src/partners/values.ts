import { z } from 'zod';
import { type Role, roles } from '../platform/permissions/index.ts';

export const organisationKinds = [
  'city',
  'landlord',
  'operator',
  'facility',
  'recycling_centre',
  'consumer_association',
  'tenant_association',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

/** Which roles a user of each kind of organisation may hold. Residents belong to no organisation. */
export const rolesByKind: Record<OrganisationKind, Role[]> = {
  city: ['coordinator', 'admin'],
  landlord: ['landlord_officer'],
  operator: ['operator_agent'],
  facility: ['facilitator'],
  recycling_centre: ['recycling_agent'],
  consumer_association: ['adviser'],
  tenant_association: ['tenant_rep'],
};

export const NewOrganisation = z.object({
  kind: z.enum(organisationKinds, 'Choisissez un type de partenaire'),
  name: z.string().trim().min(2, 'Le nom doit faire au moins 2 caractères').max(120),
  phone: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(30).optional()),
  email: z.preprocess((v) => (v === '' ? undefined : v), z.email('Adresse e-mail invalide').optional()),
});

export const Email = z.email('Adresse e-mail invalide').trim().toLowerCase().max(200);

export const UserInvite = z.object({
  name: z.string().trim().min(2, 'Le nom doit faire au moins 2 caractères').max(120),
  email: Email,
  organisationId: z.coerce.number().int().positive('Choisissez un partenaire'),
  role: z.enum(roles, 'Choisissez un rôle'),
});

export const Password = z
  .string()
  .min(12, 'Le mot de passe doit faire au moins 12 caractères')
  .max(128, 'Le mot de passe doit faire au plus 128 caractères');
