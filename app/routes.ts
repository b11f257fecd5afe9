import { index, type RouteConfig, route } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('login', 'routes/login.tsx'),
  route('logout', 'routes/logout.tsx'),
  route('langue', 'routes/language.tsx'),
  route('invitation/:secret', 'routes/invitation.tsx'),
  route('territoire', 'routes/territory.tsx'),
  route('territoire/gerer', 'routes/territory-manage.tsx'),
  route('territoire/import', 'routes/territory-import.tsx'),
  route('territoire/secteurs/:id', 'routes/sector.tsx'),
  route('territoire/batiments/:id', 'routes/building.tsx'),
  route('territoire/logements/:id', 'routes/dwelling.tsx'),
  route('foyers', 'routes/households.tsx'),
  route('foyers/nouveau', 'routes/household-new.tsx'),
  route('foyers/:id', 'routes/household.tsx'),
  route('partenaires', 'routes/partners.tsx'),
  route('partenaires/:id', 'routes/partner.tsx'),
  route('admin/jetons', 'routes/admin-tokens.tsx'),
  route('admin/journal', 'routes/admin-audit.tsx'),
  route('api/docs', 'routes/api-docs.tsx'),
] satisfies RouteConfig;
