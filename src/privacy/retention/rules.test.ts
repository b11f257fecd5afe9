import { describe, expect, it } from 'vitest';
import { retentionDefaultsOn, retentionDefaultVersions, retentionKinds } from './defaults.ts';
import { addMonths, type Durations, householdStep } from './rules.ts';

const defaults = retentionDefaultsOn('2027-01-01').durations;

describe('adding months to a day, as PostgreSQL does', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 24, '2028-03-31'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-05-10', 0, '2026-05-10'],
    ['2026-05-10', 60, '2031-05-10'],
  ])('%s + %i months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});

describe('the defaults', () => {
  it('give every kind a duration, and no archive to kinds that have none', () => {
    for (const version of retentionDefaultVersions)
      for (const kind of retentionKinds) {
        expect(version.durations[kind].activeMonths).toBeGreaterThan(0);
        if (kind === 'testimony' || kind === 'access_log')
          expect(version.durations[kind].archiveMonths).toBe(0);
      }
  });

  it('follow the CNIL: 2 years of active use after the last contact, 5 years in all; logs kept 1 year', () => {
    expect(defaults.household).toEqual({ activeMonths: 24, archiveMonths: 36 });
    expect(defaults.access_log.activeMonths).toBe(12);
  });

  it('apply from their day; earlier days take the first version', () => {
    expect(retentionDefaultsOn('2020-01-01').version).toBe(retentionDefaultVersions[0]!.version);
  });
});

describe('when a household leaves active use, and when it is erased', () => {
  const short: Durations = {
    ...defaults,
    household: { activeMonths: 12, archiveMonths: 12 },
    workshop_attendance: { activeMonths: 6, archiveMonths: 6 },
    equipment_sale: { activeMonths: 24, archiveMonths: 0 },
  };
  const moved = (lastEvents: Record<string, string>, archived = false) => ({
    lastEvents,
    livesInProgramme: false,
    archived,
  });

  it.each([
    // [case, facts, today, step, archiveOn, eraseOn]
    [
      'moved out a day too recently',
      moved({ household: '2025-06-02' }),
      '2026-06-01',
      'keep',
      '2026-06-02',
      '2027-06-02',
    ],
    [
      'moved out twelve months ago to the day',
      moved({ household: '2025-06-01' }),
      '2026-06-01',
      'archive',
      '2026-06-01',
      '2027-06-01',
    ],
    [
      'already archived, still in the archive',
      moved({ household: '2025-06-01' }, true),
      '2027-05-31',
      'keep',
      '2026-06-01',
      '2027-06-01',
    ],
    [
      'archive ended to the day',
      moved({ household: '2025-06-01' }, true),
      '2027-06-01',
      'erase',
      '2026-06-01',
      '2027-06-01',
    ],
    [
      'never archived, both ends passed: erased at once',
      moved({ household: '2020-01-01' }),
      '2026-01-01',
      'erase',
      '2021-01-01',
      '2022-01-01',
    ],
    [
      'a later workshop keeps it active',
      moved({ household: '2025-01-01', workshop_attendance: '2026-03-01' }),
      '2026-06-01',
      'keep',
      '2026-09-01',
      '2027-03-01',
    ],
    [
      'a computer sold keeps it active; with no archive of its own, erased the day it ends',
      moved({ household: '2025-01-01', equipment_sale: '2025-03-01' }),
      '2027-03-01',
      'erase',
      '2027-03-01',
      '2027-03-01',
    ],
    [
      'the latest end of all kinds counts',
      moved({ household: '2024-01-01', equipment_sale: '2025-03-01', workshop_attendance: '2024-06-01' }),
      '2027-02-28',
      'keep',
      '2027-03-01',
      '2027-03-01',
    ],
    ['no dated event: kept', moved({}), '2030-01-01', 'keep', null, null],
  ] as const)('%s', (_case, facts, today, step, archiveOn, eraseOn) => {
    expect(householdStep(facts, short, today)).toEqual({ step, archiveOn, eraseOn });
  });

  it('keeps a household that lives in the programme’s housing, whatever its dates', () => {
    expect(
      householdStep(
        { lastEvents: { household: '2000-01-01' }, livesInProgramme: true, archived: false },
        short,
        '2030-01-01',
      ),
    ).toEqual({ step: 'keep', archiveOn: null, eraseOn: null });
  });

  it('brings back an archived household that moved in again, or whose durations were lengthened', () => {
    expect(
      householdStep(
        { lastEvents: { household: '2020-01-01' }, livesInProgramme: true, archived: true },
        short,
        '2030-01-01',
      ).step,
    ).toBe('restore');
    expect(householdStep(moved({ household: '2025-06-01' }, true), defaults, '2026-06-01').step).toBe(
      'restore',
    );
  });
});
