import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, retentionScheduleSetting } from '../../platform/config.ts';
import { nextScheduledRun } from './schedule.ts';

describe('PALIER_RETENTION_SCHEDULE', () => {
  it.each([
    [undefined, false, '03:30'],
    [undefined, true, null],
    ['', false, '03:30'],
    ['off', false, null],
    ['OFF', true, null],
    ['4:05', false, '04:05'],
    ['23:59', true, '23:59'],
  ])('%s (demo: %s) → %s', (value, demo, expected) => {
    expect(retentionScheduleSetting(value, demo)).toBe(expected);
  });

  it.each(['24:00', '3h30', 'daily', '03:60'])('refuses %s with a clear message', (value) => {
    expect(() => retentionScheduleSetting(value, false)).toThrow(ConfigError);
    expect(() => retentionScheduleSetting(value, false)).toThrow(
      'PALIER_RETENTION_SCHEDULE must be a daily time such as "03:30", or "off"',
    );
  });

  it('is off in demo mode unless set', () => {
    expect(loadConfig({ PALIER_DEMO: 'true', PALIER_SECRET: 'x'.repeat(32) }).retentionSchedule).toBeNull();
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/palier', PALIER_SECRET: 'x'.repeat(32) }).retentionSchedule,
    ).toBe('03:30');
  });
});

describe('the next scheduled run', () => {
  it.each([
    // [now (UTC), schedule, next (UTC)]: Paris is UTC+1 in winter, UTC+2 in summer.
    ['2027-01-10T01:00:00Z', '03:30', '2027-01-10T02:30:00Z'],
    ['2027-01-10T02:30:00Z', '03:30', '2027-01-11T02:30:00Z'],
    ['2027-07-10T12:00:00Z', '03:30', '2027-07-11T01:30:00Z'],
    // The night clocks go forward (28 March 2027): 03:30 exists; the next day is an hour earlier in UTC.
    ['2027-03-27T03:00:00Z', '03:30', '2027-03-28T01:30:00Z'],
    // The night clocks go back (31 October 2027): the next day's 00:15 is in winter time.
    ['2027-10-30T23:30:00Z', '00:15', '2027-10-31T23:15:00Z'],
  ])('after %s at %s: %s', (now, schedule, next) => {
    expect(nextScheduledRun(new Date(now), schedule).toISOString()).toBe(new Date(next).toISOString());
  });
});
