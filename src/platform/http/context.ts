// What every page loader and action receives from the server: services, and facts about the request.
import { createContext } from 'react-router';
import type { AttemptLimiter, Auth, LoginLimiter } from '../auth/index.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';

export interface AppServices {
  db: Db;
  auth: Auth;
  config: Config;
  dbKind: 'embedded' | 'external';
  loginLimiter: LoginLimiter;
  /** Wrong ballot codes, per address and per vote. */
  ballotLimiter: AttemptLimiter;
  /** Certificate codes looked up, per address. */
  verifyLimiter: AttemptLimiter;
}

export const servicesContext = createContext<AppServices>();
export const clientIpContext = createContext<string | null>(null);
/** This response's Content-Security-Policy nonce: inline scripts of the page carry it (server/security.ts). */
export const cspNonceContext = createContext<string | null>(null);
