// The partner API: bearer-token authentication, the routers of each module, errors as JSON, OpenAPI 3.1.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { LatenessSettings } from '../access/index.ts';
import type { EligibilityRule } from '../equipment/index.ts';
import { actorFor, findActiveUser, userIdForApiToken } from '../partners/index.ts';
import type { AttemptLimiter } from '../platform/auth/index.ts';
import { setClaims } from '../platform/claims/index.ts';
import type { Db } from '../platform/db/index.ts';
import { claimsFor } from '../platform/permissions/index.ts';
import { accessApi } from './access.ts';
import { adviceApi } from './advice.ts';
import { certificatesApi, publicCertificateApi } from './certificates.ts';
import type { ApiEnv } from './context.ts';
import { coordinationApi } from './coordination.ts';
import { equipmentApi } from './equipment.ts';
import { householdsApi } from './households.ts';
import { impactApi } from './impact.ts';
import { impactRecordsApi } from './impact-records.ts';
import { offerSheetsApi, publicOfferSheetApi } from './offer-sheets.ts';
import { officeHoursApi } from './office-hours.ts';
import { partnersApi } from './partners.ts';
import { privacyApi } from './privacy.ts';
import { reportsApi } from './reports.ts';
import { retentionApi } from './retention.ts';
import { rolloutApi } from './rollout.ts';
import { territoryApi } from './territory.ts';
import { publicBallotApi, votesApi } from './votes.ts';
import { workshopsApi } from './workshops.ts';

const documentConfig = {
  openapi: '3.1.0',
  info: {
    title: 'Palier partner API',
    version: '1.0.0',
    description:
      'For partner systems (the landlord’s, the operator’s): a token acts with the role of the user it belongs to ' +
      'and sees only what that role may see. Errors are JSON `{ error, message, issues? }`; invalid input changes nothing.',
  },
  security: [{ bearerAuth: [] }],
  servers: [{ url: '/api/v1' }],
};

/** The OpenAPI 3.1 document, for /api/v1/openapi.json and the reference page /api/docs. */
export function openApiDocument() {
  return createApi({
    db: null as unknown as Db,
    ballotLimiter: null as unknown as AttemptLimiter,
    verifyLimiter: null as unknown as AttemptLimiter,
    baseUrl: '',
  }).getOpenAPI31Document(documentConfig);
}

export function createApi({
  db,
  ballotLimiter,
  verifyLimiter,
  baseUrl,
  lateness,
  warrantyMonths = 6,
  deviceEligibility,
  credentialKey = null,
}: {
  db: Db;
  ballotLimiter: AttemptLimiter;
  verifyLimiter: AttemptLimiter;
  baseUrl: string;
  lateness?: LatenessSettings;
  warrantyMonths?: number;
  deviceEligibility?: EligibilityRule;
  /** The configured key that signs certificates' credentials (JWK as JSON); null: the one kept in the database. */
  credentialKey?: string | null;
}) {
  const api = new OpenAPIHono<ApiEnv>();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A token created by an administrator (page Jetons d’API, or `npm run palier -- token create`).',
  });
  api.doc31('/openapi.json', documentConfig);

  api.use('*', async (c, next) => {
    c.set('db', db);
    // Open data is public: it is published under statistical secrecy for anyone to reuse.
    const open = ['/api/v1/openapi.json', '/api/v1/open-data', '/api/v1/open-data/schema'];
    if (open.includes(c.req.path) || c.req.path.startsWith('/api/v1/public/')) return next();
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const userId = token ? await userIdForApiToken(db, token) : null;
    const staff = userId ? await findActiveUser(db, userId) : null;
    if (!staff)
      return c.json({ error: 'unauthorized', message: 'Jeton d’API absent, inconnu ou révoqué.' }, 401);
    c.set('db', db);
    const actor = actorFor(staff, { ip: c.var.clientIp, channel: 'api' });
    c.set('actor', actor);
    setClaims(claimsFor(actor));
    return next();
  });

  api.route('/', territoryApi);
  api.route('/', householdsApi);
  api.route('/', partnersApi);
  api.route('/', votesApi({ baseUrl }));
  api.route('/', publicBallotApi({ ballotLimiter }));
  api.route('/', accessApi({ lateness }));
  api.route('/', equipmentApi({ warrantyMonths, eligibility: deviceEligibility }));
  api.route('/', workshopsApi({ baseUrl }));
  api.route('/', certificatesApi({ baseUrl, credentialKey }));
  api.route('/', publicCertificateApi({ verifyLimiter, baseUrl }));
  api.route('/', adviceApi());
  api.route('/', officeHoursApi());
  api.route('/', offerSheetsApi());
  api.route('/', publicOfferSheetApi());
  api.route('/', coordinationApi());
  api.route('/', rolloutApi({ baseUrl }));
  api.route('/', impactApi());
  api.route('/', reportsApi());
  api.route('/', impactRecordsApi());
  api.route('/', privacyApi());
  api.route('/', retentionApi());
  return api;
}
