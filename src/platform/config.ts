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
  /** How messages leave the outbox (src/notifications): none configured means they wait there (demo mode). */
  notifications: {
    /** `smtp://user:pass@host:587` or `smtps://…:465`; null: e-mails stay in the outbox. */
    smtpUrl: string | null;
    /** The sender of e-mails, `Palier <ne-pas-repondre@localhost>` by default. */
    mailFrom: string;
    /** The SMS gateway (JSON contract in src/notifications/transports.ts); null: SMS stay in the outbox. */
    smsUrl: string | null;
    smsToken: string | null;
    /** The sender name shown on the phone (11 letters or digits at most). */
    smsSender: string;
    /** Attempts at an e-mail or SMS before it is marked failed. */
    maxAttempts: number;
    /** When workshop reminders go out, in minutes before the session, longest first: `2d,2h` → [2880, 120]. */
    reminderOffsetsMinutes: number[];
  };
  /**
   * The private Ed25519 key (a JWK as JSON) that signs certificates' verifiable credentials. Null: Palier makes
   * one at first use and keeps it in the database (src/certificates/credential.ts).
   */
  credentialKey: string | null;
  /**
   * The roll-out map's background: a raster tile server (`https://…/{z}/{x}/{y}.png`) and its credit. Null: the map
   * is drawn from Palier's own data only, and no reader's browser calls a third party.
   */
  map: { tileUrl: string | null; attribution: string };
  /**
   * When the server applies the retention rules by itself, daily at this local time ("03:30", Europe/Paris); null:
   * never (`palier retention run` still does). Off by default in demo mode, whose records are made up.
   */
  retentionSchedule: string | null;
}

const days = (value: string | undefined, fallback: number, name: string) => {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > 365)
    throw new ConfigError(`${name} must be a number of days from 1 to 365`);
  return n;
};

const minutesPer = { d: 1440, h: 60, m: 1 } as const;

/**
 * `PALIER_REMINDERS`: offsets before a session such as `2d,2h,30m` (days, hours, minutes), each from 10 minutes to
 * 30 days; returned in minutes, longest first, without repeats. `none` (or an empty value): no reminders.
 */
export function parseReminderOffsets(value: string, name = 'PALIER_REMINDERS'): number[] {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'none') return [];
  const minutes = text.split(',').map((item) => {
    const match = /^(\d{1,5})\s*([dhm])$/.exec(item.trim());
    if (!match)
      throw new ConfigError(
        `${name} must list delays such as "2d,2h,30m" (d: days, h: hours, m: minutes), got "${item.trim()}"`,
      );
    const total = Number(match[1]) * minutesPer[match[2] as keyof typeof minutesPer];
    if (total < 10 || total > 30 * 1440)
      throw new ConfigError(`${name}: each delay must be from 10 minutes to 30 days, got "${item.trim()}"`);
    return total;
  });
  return [...new Set(minutes)].sort((a, b) => b - a);
}

const optionalUrl = (value: string | undefined, name: string, protocols: string[]): string | null => {
  const text = value?.trim();
  if (!text) return null;
  let protocol: string;
  try {
    protocol = new URL(text).protocol;
  } catch {
    // Not echoed: the value may hold a password.
    throw new ConfigError(
      `${name} must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    );
  }
  if (!protocols.includes(protocol.slice(0, -1)))
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}://`).join(' or ')}`);
  return text;
};

function notificationSettings(env: NodeJS.ProcessEnv): Config['notifications'] {
  const smsUrl = optionalUrl(env.PALIER_SMS_URL, 'PALIER_SMS_URL', ['https', 'http']);
  const smsToken = env.PALIER_SMS_TOKEN?.trim() || null;
  if (smsUrl && !smsToken) throw new ConfigError('PALIER_SMS_TOKEN must be set with PALIER_SMS_URL');
  const smsSender = env.PALIER_SMS_SENDER?.trim() || 'PALIER';
  if (!/^[A-Za-z0-9 ]{1,11}$/.test(smsSender))
    throw new ConfigError('PALIER_SMS_SENDER must be 1 to 11 letters, digits or spaces');
  const maxAttempts = Number(env.PALIER_NOTIFY_MAX_ATTEMPTS ?? 5);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20)
    throw new ConfigError('PALIER_NOTIFY_MAX_ATTEMPTS must be a number from 1 to 20');
  return {
    smtpUrl: optionalUrl(env.PALIER_SMTP_URL, 'PALIER_SMTP_URL', ['smtp', 'smtps']),
    mailFrom: env.PALIER_MAIL_FROM?.trim() || 'Palier <ne-pas-repondre@localhost>',
    smsUrl,
    smsToken,
    smsSender,
    maxAttempts,
    reminderOffsetsMinutes: parseReminderOffsets(env.PALIER_REMINDERS ?? '2d,2h'),
  };
}

const base64url32 = /^[A-Za-z0-9_-]{43}$/;

/** `PALIER_CREDENTIAL_KEY`: checked for shape only, and never echoed (it is a private key). */
function credentialKeySetting(value: string | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  const refuse = () =>
    new ConfigError(
      'PALIER_CREDENTIAL_KEY must be a private Ed25519 key as JSON: a JWK with "kty": "OKP", "crv": "Ed25519", "x" and "d"',
    );
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw refuse();
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw refuse();
  const { kty, crv, x, d } = jwk as Record<string, unknown>;
  if (kty !== 'OKP' || crv !== 'Ed25519') throw refuse();
  if (typeof x !== 'string' || typeof d !== 'string' || !base64url32.test(x) || !base64url32.test(d))
    throw refuse();
  return text;
}

/** `PALIER_MAP_TILES`, a `{z}/{x}/{y}` template on https, and `PALIER_MAP_ATTRIBUTION`, the tiles' credit. */
function mapSettings(env: NodeJS.ProcessEnv): Config['map'] {
  const tileUrl = optionalUrl(env.PALIER_MAP_TILES, 'PALIER_MAP_TILES', ['https']);
  const attribution = env.PALIER_MAP_ATTRIBUTION?.trim() ?? '';
  if (!tileUrl) return { tileUrl: null, attribution };
  const example = 'https://tile.example.org/{z}/{x}/{y}.png';
  if (!['{z}', '{x}', '{y}'].every((part) => tileUrl.includes(part)))
    throw new ConfigError(`PALIER_MAP_TILES must hold {z}, {x} and {y}, for example ${example}`);
  if (new URL(tileUrl).host.includes('{'))
    throw new ConfigError(`PALIER_MAP_TILES must name one host (no {s}), for example ${example}`);
  return { tileUrl, attribution: attribution || '© contributeurs OpenStreetMap' };
}

/**
 * `PALIER_BASE_URL`, the public address: the site's origin only (`https://palier.example.org`), on http or https.
 * Links in letters and e-mails start with it, forms must come from it, and https turns on Secure cookies and HSTS.
 */
function baseUrlSetting(value: string | undefined, port: number): string {
  const text = value?.trim();
  if (!text) return `http://localhost:${port}`;
  const example = 'https://palier.example.org';
  const url = URL.parse(text);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new ConfigError(`PALIER_BASE_URL must start with https:// or http://, for example ${example}`);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/')
    throw new ConfigError(
      `PALIER_BASE_URL must be the site's address alone (no path or query), for example ${example}`,
    );
  return url.origin;
}

/** `PALIER_RETENTION_SCHEDULE`: a daily local time "HH:MM", or "off"; by default 03:30, off in demo mode. */
export function retentionScheduleSetting(value: string | undefined, demo: boolean): string | null {
  const text = value?.trim().toLowerCase();
  if (!text) return demo ? null : '03:30';
  if (text === 'off') return null;
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match)
    throw new ConfigError('PALIER_RETENTION_SCHEDULE must be a daily time such as "03:30", or "off"');
  return `${match[1]!.padStart(2, '0')}:${match[2]}`;
}

/** The origin the browser fetches map tiles from, for the Content-Security-Policy; null without tiles. */
export const mapTileOrigin = (config: Pick<Config, 'map'>): string | null =>
  config.map.tileUrl ? new URL(config.map.tileUrl).origin : null;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const dataDir = path.resolve(env.PALIER_DATA_DIR ?? 'data');
  // A site served over https is a real deployment: no demo accounts (with their public password) unless asked for.
  const publicHttps = (env.PALIER_BASE_URL ?? '').trim().startsWith('https:');
  const demo = env.PALIER_DEMO
    ? env.PALIER_DEMO === 'true' || env.PALIER_DEMO === '1'
    : databaseUrl === null && !publicHttps;
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
    baseUrl: baseUrlSetting(env.PALIER_BASE_URL, port),
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
    notifications: notificationSettings(env),
    credentialKey: credentialKeySetting(env.PALIER_CREDENTIAL_KEY),
    map: mapSettings(env),
    retentionSchedule: retentionScheduleSetting(env.PALIER_RETENTION_SCHEDULE, demo),
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
