// Reads Palier's configuration from the environment once, with the defaults a newcomer needs.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  port: number;
  /** External PostgreSQL (production). When absent, Palier runs its own embedded server. */
  databaseUrl: string | null;
  dataDir: string;
  /** Demo mode seeds the Brest-like programme and lists demo accounts on the login page. */
  demo: boolean;
  secret: string;
  baseUrl: string;
  trustProxy: boolean;
  /** When a connection request is late: working days to an appointment, days to activation. */
  lateness: { scheduleWithinWorkingDays: number; activateWithinDays: number };
  /** How long a refurbished computer is under warranty from its hand-over. */
  warrantyMonths: number;
  /** Who may buy a refurbished computer: see `EligibilityRule` in src/equipment/rules.ts. */
  deviceEligibility: { requireOpenSector: boolean; requireAccessRequest: boolean; oneDevicePerYears: number };
}

const days = (value: string | undefined, fallback: number, name: string) => {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > 365)
    throw new ConfigError(`${name} must be a number of days from 1 to 365`);
  return n;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const dataDir = path.resolve(env.PALIER_DATA_DIR ?? 'data');
  const demo = env.PALIER_DEMO ? env.PALIER_DEMO === 'true' || env.PALIER_DEMO === '1' : databaseUrl === null;
  const secret = env.PALIER_SECRET ?? (databaseUrl === null ? localSecret(dataDir) : null);
  if (!secret || secret.length < 32) {
    throw new ConfigError('PALIER_SECRET must be set to at least 32 random characters with DATABASE_URL');
  }
  return {
    port,
    databaseUrl,
    dataDir,
    demo,
    secret,
    baseUrl: env.PALIER_BASE_URL ?? `http://localhost:${port}`,
    trustProxy: env.PALIER_TRUST_PROXY === 'true',
    lateness: {
      scheduleWithinWorkingDays: days(
        env.PALIER_LATE_SCHEDULE_WORKING_DAYS,
        10,
        'PALIER_LATE_SCHEDULE_WORKING_DAYS',
      ),
      activateWithinDays: days(env.PALIER_LATE_ACTIVATION_DAYS, 30, 'PALIER_LATE_ACTIVATION_DAYS'),
    },
    warrantyMonths: days(env.PALIER_WARRANTY_MONTHS, 6, 'PALIER_WARRANTY_MONTHS'),
    deviceEligibility: {
      requireOpenSector: env.PALIER_DEVICE_REQUIRES_OPEN_SECTOR !== 'false',
      requireAccessRequest: env.PALIER_DEVICE_REQUIRES_ACCESS_REQUEST === 'true',
      oneDevicePerYears: days(env.PALIER_DEVICE_EVERY_YEARS, 3, 'PALIER_DEVICE_EVERY_YEARS'),
    },
  };
}

/** With the embedded database the secret lives beside the data, created on first start. */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export class ConfigError extends Error {}

/** The project's root folder, found from this file whether run from source or from the build. */
export function projectRoot(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
