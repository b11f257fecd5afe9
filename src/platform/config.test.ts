import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, mapTileOrigin, parseReminderOffsets } from './config.ts';

const base = { PALIER_SECRET: 'test-secret-test-secret-test-secret-1234', DATABASE_URL: 'postgres://unused' };
const load = (env: Record<string, string> = {}) => loadConfig({ ...base, ...env });

describe('notification settings', () => {
  it('sends nothing by default: messages wait in the outbox', () => {
    expect(load().notifications).toEqual({
      smtpUrl: null,
      mailFrom: 'Palier <ne-pas-repondre@localhost>',
      smsUrl: null,
      smsToken: null,
      smsSender: 'PALIER',
      maxAttempts: 5,
      reminderOffsetsMinutes: [2880, 120],
    });
  });

  it('reads the SMTP server, the SMS gateway and the number of attempts', () => {
    const settings = load({
      PALIER_SMTP_URL: 'smtp://user:pass@mail.example.org:587',
      PALIER_MAIL_FROM: 'Centre social <contact@example.org>',
      PALIER_SMS_URL: 'https://sms.example.org/send',
      PALIER_SMS_TOKEN: 'secret',
      PALIER_SMS_SENDER: 'BREST',
      PALIER_NOTIFY_MAX_ATTEMPTS: '3',
    }).notifications;
    expect(settings).toMatchObject({
      smtpUrl: 'smtp://user:pass@mail.example.org:587',
      mailFrom: 'Centre social <contact@example.org>',
      smsUrl: 'https://sms.example.org/send',
      smsToken: 'secret',
      smsSender: 'BREST',
      maxAttempts: 3,
    });
  });

  it('refuses settings that cannot work, with the name of the setting', () => {
    expect(() => load({ PALIER_SMTP_URL: 'mail.example.org' })).toThrow(/PALIER_SMTP_URL/);
    expect(() => load({ PALIER_SMTP_URL: 'https://mail.example.org' })).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => load({ PALIER_SMS_URL: 'https://sms.example.org' })).toThrow(/PALIER_SMS_TOKEN/);
    expect(() => load({ PALIER_SMS_SENDER: 'PALIER BREST 29' })).toThrow(ConfigError);
    expect(() => load({ PALIER_NOTIFY_MAX_ATTEMPTS: '0' })).toThrow(/PALIER_NOTIFY_MAX_ATTEMPTS/);
    expect(() => load({ PALIER_NOTIFY_MAX_ATTEMPTS: 'five' })).toThrow(ConfigError);
  });
});

describe('PALIER_REMINDERS', () => {
  it('reads days, hours and minutes, longest first', () => {
    expect(load({ PALIER_REMINDERS: '2h, 30m,1d' }).notifications.reminderOffsetsMinutes).toEqual([
      1440, 120, 30,
    ]);
    expect(parseReminderOffsets('2d,2h')).toEqual([2880, 120]);
    expect(parseReminderOffsets('30d')).toEqual([43200]);
    expect(parseReminderOffsets('10m')).toEqual([10]);
    expect(parseReminderOffsets('2H,120m')).toEqual([120]);
  });

  it('means no reminders with "none" or an empty value', () => {
    expect(parseReminderOffsets('none')).toEqual([]);
    expect(load({ PALIER_REMINDERS: '' }).notifications.reminderOffsetsMinutes).toEqual([]);
  });

  it('refuses what it cannot read, or delays out of range, saying which', () => {
    for (const bad of ['2 days', '2d;2h', '2w', 'h', '-2h', '1.5h', '2d,,2h']) {
      expect(() => parseReminderOffsets(bad)).toThrow(ConfigError);
    }
    expect(() => load({ PALIER_REMINDERS: '2d,2x' })).toThrow(/PALIER_REMINDERS.*"2x"/);
    expect(() => parseReminderOffsets('5m')).toThrow(/from 10 minutes to 30 days, got "5m"/);
    expect(() => parseReminderOffsets('31d')).toThrow(/from 10 minutes to 30 days/);
  });
});

describe('PALIER_CREDENTIAL_KEY', () => {
  const key = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'JoqxL3aXK3_zQINY818AR1WkQBO8YukeJ_Zfd3DMe-c',
    d: 'oxPJsVHMpUh2S2Ul7vDM7Au_cPF72JTrqk77anal240',
  };

  it('is optional: without it Palier makes its own key', () => {
    expect(load().credentialKey).toBeNull();
    expect(load({ PALIER_CREDENTIAL_KEY: ' ' }).credentialKey).toBeNull();
  });

  it('reads a private Ed25519 key given as a JWK', () => {
    expect(JSON.parse(load({ PALIER_CREDENTIAL_KEY: JSON.stringify(key) }).credentialKey!)).toEqual(key);
  });

  it.each([
    ['not JSON', 'oxPJsVHMpUh2S2Ul7vDM7Au_cPF72JTrqk77anal240'],
    ['a public key (no d)', JSON.stringify({ ...key, d: undefined })],
    ['another curve', JSON.stringify({ ...key, crv: 'X25519' })],
    ['another key type', JSON.stringify({ ...key, kty: 'EC' })],
    ['a truncated d', JSON.stringify({ ...key, d: key.d.slice(0, 20) })],
    ['a list', JSON.stringify([key])],
  ])('refuses %s, naming the setting without printing the key', (_, value) => {
    let error: unknown;
    try {
      load({ PALIER_CREDENTIAL_KEY: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/PALIER_CREDENTIAL_KEY/);
    expect((error as Error).message).not.toContain(key.d.slice(0, 20));
  });
});

describe('PALIER_MAP_TILES and PALIER_MAP_ATTRIBUTION', () => {
  it('draws the map from Palier’s data alone by default', () => {
    expect(load().map).toEqual({ tileUrl: null, attribution: '' });
    expect(mapTileOrigin(load())).toBeNull();
  });

  it('reads a tile server on https, credited to OpenStreetMap unless told otherwise', () => {
    const tileUrl = 'https://tile.example.org/osm/{z}/{x}/{y}.png';
    expect(load({ PALIER_MAP_TILES: tileUrl }).map).toEqual({
      tileUrl,
      attribution: '© contributeurs OpenStreetMap',
    });
    expect(load({ PALIER_MAP_TILES: tileUrl, PALIER_MAP_ATTRIBUTION: ' © IGN ' }).map.attribution).toBe(
      '© IGN',
    );
    expect(mapTileOrigin(load({ PALIER_MAP_TILES: tileUrl }))).toBe('https://tile.example.org');
  });

  it.each([
    ['http://tile.example.org/{z}/{x}/{y}.png', /PALIER_MAP_TILES must start with https:\/\//],
    ['tile.example.org/{z}/{x}/{y}.png', /PALIER_MAP_TILES must be a URL/],
    ['https://tile.example.org/tiles.png', /PALIER_MAP_TILES must hold \{z\}, \{x\} and \{y\}/],
    ['https://tile.example.org/{z}/{x}.png', /PALIER_MAP_TILES must hold/],
    ['https://{s}.tile.example.org/{z}/{x}/{y}.png', /PALIER_MAP_TILES must name one host/],
  ])('refuses %s at start-up', (value, message) => {
    expect(() => load({ PALIER_MAP_TILES: value })).toThrow(ConfigError);
    expect(() => load({ PALIER_MAP_TILES: value })).toThrow(message);
  });
});

describe('the secret and the public address', () => {
  it('refuses to start on an external database without PALIER_SECRET, or with a short one, never echoing it', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://unused' })).toThrow(/PALIER_SECRET must be set/);
    const short = 'sh0rt-s3cret-value';
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'postgres://unused', PALIER_SECRET: short });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/at least 32/);
    expect((error as Error).message).not.toContain(short);
  });

  it('with the embedded database, makes a secret once in the data folder, readable by Palier alone', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'palier-config-'));
    try {
      const first = loadConfig({ PALIER_DATA_DIR: dataDir }).secret;
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(statSync(path.join(dataDir, 'secret')).mode & 0o777).toBe(0o600);
      expect(loadConfig({ PALIER_DATA_DIR: dataDir }).secret).toBe(first);
      // A configured secret wins over the file.
      expect(loadConfig({ PALIER_DATA_DIR: dataDir, PALIER_SECRET: base.PALIER_SECRET }).secret).toBe(
        base.PALIER_SECRET,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.each([
    [{}, true],
    [{ PALIER_BASE_URL: 'http://localhost:3000' }, true],
    [{ PALIER_BASE_URL: 'https://palier.brest.fr' }, false],
    [{ PALIER_BASE_URL: 'https://palier.brest.fr', PALIER_DEMO: 'true' }, true],
    [{ DATABASE_URL: 'postgres://unused' }, false],
    [{ DATABASE_URL: 'postgres://unused', PALIER_DEMO: '1' }, true],
  ])('demo mode (its accounts have a public password) with %o: %s', (env, demo) => {
    expect(loadConfig({ PALIER_SECRET: base.PALIER_SECRET, PALIER_DATA_DIR: os.tmpdir(), ...env }).demo).toBe(
      demo,
    );
  });

  it('keeps the public address as an origin, and refuses anything else', () => {
    expect(load().baseUrl).toBe('http://localhost:3000');
    expect(load({ PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
    expect(load({ PALIER_BASE_URL: 'https://Palier.Example.org/' }).baseUrl).toBe(
      'https://palier.example.org',
    );
    expect(load({ PALIER_BASE_URL: 'https://palier.example.org:8443' }).baseUrl).toBe(
      'https://palier.example.org:8443',
    );
    for (const bad of [
      'palier.example.org',
      'ftp://palier.example.org',
      'https://palier.example.org/palier',
      'https://user:pass@palier.example.org',
      'https://palier.example.org/?x=1',
    ])
      expect(() => load({ PALIER_BASE_URL: bad })).toThrow(/PALIER_BASE_URL/);
  });
});
